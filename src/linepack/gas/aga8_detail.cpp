#include "linepack/gas/aga8_detail.hpp"

#include <cmath>

namespace linepack::gas {
namespace {

// ---- Coefficient tables of AGA Report No. 8 (2017), Part 1, Tables 4 and 5 (identical to
// the 1992 DETAIL method). Component numbers are 1-based in the AGA8 order. ----

constexpr double r_detail = 8.31451;  // J/(mol K), AGA8 Part 1

// Molar masses [g/mol] of the DETAIL method.
constexpr std::array<double, component_count> molar_mass_g = {
    16.043,  28.0135, 44.01,   30.07,  44.097,  58.123, 58.123,  72.15,  72.15,  86.177, 100.204,
    114.231, 128.258, 142.285, 2.0159, 31.9988, 28.01,  18.0153, 34.082, 4.0026, 39.948};

// Equation terms n = 1..58: a_n, density exponent b_n, exponential exponent k_n (c_n = 1
// where k_n > 0), temperature exponent u_n, flags g, q, f, s, w.
struct Term {
  double a;
  int b, k;
  double u;
  int g, q, f, s, w;
};
// clang-format off
constexpr std::array<Term, Aga8Detail::term_count> terms = {{
    {0.1538326, 1, 0, 0.0, 0, 0, 0, 0, 0},         // 1
    {1.341953, 1, 0, 0.5, 0, 0, 0, 0, 0},          // 2
    {-2.998583, 1, 0, 1.0, 0, 0, 0, 0, 0},         // 3
    {-0.04831228, 1, 0, 3.5, 0, 0, 0, 0, 0},       // 4
    {0.3757965, 1, 0, -0.5, 1, 0, 0, 0, 0},        // 5
    {-1.589575, 1, 0, 4.5, 1, 0, 0, 0, 0},         // 6
    {-0.05358847, 1, 0, 0.5, 0, 1, 0, 0, 0},       // 7
    {0.88659463, 1, 0, 7.5, 0, 0, 0, 1, 0},        // 8
    {-0.71023704, 1, 0, 9.5, 0, 0, 0, 1, 0},       // 9
    {-1.471722, 1, 0, 6.0, 0, 0, 0, 0, 1},         // 10
    {1.32185035, 1, 0, 12.0, 0, 0, 0, 0, 1},       // 11
    {-0.78665925, 1, 0, 12.5, 0, 0, 0, 0, 1},      // 12
    {0.00000000229129, 1, 3, -6.0, 0, 0, 1, 0, 0}, // 13
    {0.1576724, 1, 2, 2.0, 0, 0, 0, 0, 0},         // 14
    {-0.4363864, 1, 2, 3.0, 0, 0, 0, 0, 0},        // 15
    {-0.04408159, 1, 2, 2.0, 0, 1, 0, 0, 0},       // 16
    {-0.003433888, 1, 4, 2.0, 0, 0, 0, 0, 0},      // 17
    {0.03205905, 1, 4, 11.0, 0, 0, 0, 0, 0},       // 18
    {0.02487355, 2, 0, -0.5, 0, 0, 0, 0, 0},       // 19
    {0.07332279, 2, 0, 0.5, 0, 0, 0, 0, 0},        // 20
    {-0.001600573, 2, 2, 0.0, 0, 0, 0, 0, 0},      // 21
    {0.6424706, 2, 2, 4.0, 0, 0, 0, 0, 0},         // 22
    {-0.4162601, 2, 2, 6.0, 0, 0, 0, 0, 0},        // 23
    {-0.06689957, 2, 4, 21.0, 0, 0, 0, 0, 0},      // 24
    {0.2791795, 2, 4, 23.0, 1, 0, 0, 0, 0},        // 25
    {-0.6966051, 2, 4, 22.0, 0, 1, 0, 0, 0},       // 26
    {-0.002860589, 2, 4, -1.0, 0, 0, 1, 0, 0},     // 27
    {-0.008098836, 3, 0, -0.5, 0, 1, 0, 0, 0},     // 28
    {3.150547, 3, 1, 7.0, 1, 0, 0, 0, 0},          // 29
    {0.007224479, 3, 1, -1.0, 0, 0, 1, 0, 0},      // 30
    {-0.7057529, 3, 2, 6.0, 0, 0, 0, 0, 0},        // 31
    {0.5349792, 3, 2, 4.0, 1, 0, 0, 0, 0},         // 32
    {-0.07931491, 3, 3, 1.0, 1, 0, 0, 0, 0},       // 33
    {-1.418465, 3, 3, 9.0, 1, 0, 0, 0, 0},         // 34
    {-5.99905e-17, 3, 4, -13.0, 0, 0, 1, 0, 0},    // 35
    {0.1058402, 3, 4, 21.0, 0, 0, 0, 0, 0},        // 36
    {0.03431729, 3, 4, 8.0, 0, 1, 0, 0, 0},        // 37
    {-0.007022847, 4, 0, -0.5, 0, 0, 0, 0, 0},     // 38
    {0.02495587, 4, 0, 0.0, 0, 0, 0, 0, 0},        // 39
    {0.04296818, 4, 2, 2.0, 0, 0, 0, 0, 0},        // 40
    {0.7465453, 4, 2, 7.0, 0, 0, 0, 0, 0},         // 41
    {-0.2919613, 4, 2, 9.0, 0, 1, 0, 0, 0},        // 42
    {7.294616, 4, 4, 22.0, 0, 0, 0, 0, 0},         // 43
    {-9.936757, 4, 4, 23.0, 0, 0, 0, 0, 0},        // 44
    {-0.005399808, 5, 0, 1.0, 0, 0, 0, 0, 0},      // 45
    {-0.2432567, 5, 2, 9.0, 0, 0, 0, 0, 0},        // 46
    {0.04987016, 5, 2, 3.0, 0, 1, 0, 0, 0},        // 47
    {0.003733797, 5, 4, 8.0, 0, 0, 0, 0, 0},       // 48
    {1.874951, 5, 4, 23.0, 0, 1, 0, 0, 0},         // 49
    {0.002168144, 6, 0, 1.5, 0, 0, 0, 0, 0},       // 50
    {-0.6587164, 6, 2, 5.0, 1, 0, 0, 0, 0},        // 51
    {0.000205518, 7, 0, -0.5, 0, 1, 0, 0, 0},      // 52
    {0.009776195, 7, 2, 4.0, 0, 0, 0, 0, 0},       // 53
    {-0.02048708, 8, 1, 7.0, 1, 0, 0, 0, 0},       // 54
    {0.01557322, 8, 2, 3.0, 0, 0, 0, 0, 0},        // 55
    {0.006862415, 8, 2, 0.0, 1, 0, 0, 0, 0},       // 56
    {-0.001226752, 9, 2, 1.0, 0, 0, 0, 0, 0},      // 57
    {0.002850908, 9, 2, 0.0, 0, 1, 0, 0, 0},       // 58
}};
// clang-format on

// Characterization parameters of the pure components: energy E_i [K], size K_i [(l/mol)^(1/3)],
// orientation G_i, quadrupole Q_i, high-temperature F_i, dipole S_i, association W_i.
struct Pure {
  double e, k, g, q, f, s, w;
};
// clang-format off
constexpr std::array<Pure, component_count> pure = {{
    {151.3183, 0.4619255, 0.0, 0.0, 0.0, 0.0, 0.0},         // methane
    {99.73778, 0.4479153, 0.027815, 0.0, 0.0, 0.0, 0.0},    // nitrogen
    {241.9606, 0.4557489, 0.189065, 0.69, 0.0, 0.0, 0.0},   // carbon dioxide
    {244.1667, 0.5279209, 0.0793, 0.0, 0.0, 0.0, 0.0},      // ethane
    {298.1183, 0.583749, 0.141239, 0.0, 0.0, 0.0, 0.0},     // propane
    {324.0689, 0.6406937, 0.256692, 0.0, 0.0, 0.0, 0.0},    // isobutane
    {337.6389, 0.6341423, 0.281835, 0.0, 0.0, 0.0, 0.0},    // n-butane
    {365.5999, 0.6738577, 0.332267, 0.0, 0.0, 0.0, 0.0},    // isopentane
    {370.6823, 0.6798307, 0.366911, 0.0, 0.0, 0.0, 0.0},    // n-pentane
    {402.636293, 0.7175118, 0.289731, 0.0, 0.0, 0.0, 0.0},  // n-hexane
    {427.72263, 0.7525189, 0.337542, 0.0, 0.0, 0.0, 0.0},   // n-heptane
    {450.325022, 0.784955, 0.383381, 0.0, 0.0, 0.0, 0.0},   // n-octane
    {470.840891, 0.8152731, 0.427354, 0.0, 0.0, 0.0, 0.0},  // n-nonane
    {489.558373, 0.8437826, 0.469659, 0.0, 0.0, 0.0, 0.0},  // n-decane
    {26.95794, 0.3514916, 0.034369, 0.0, 1.0, 0.0, 0.0},    // hydrogen
    {122.7667, 0.4186954, 0.021, 0.0, 0.0, 0.0, 0.0},       // oxygen
    {105.5348, 0.4533894, 0.038953, 0.0, 0.0, 0.0, 0.0},    // carbon monoxide
    {514.0156, 0.3825868, 0.3325, 1.06775, 0.0, 1.5822, 1.0},  // water
    {296.355, 0.4618263, 0.0885, 0.633276, 0.0, 0.39, 0.0},    // hydrogen sulfide
    {2.610111, 0.3589888, 0.0, 0.0, 0.0, 0.0, 0.0},         // helium
    {119.6299, 0.4216551, 0.0, 0.0, 0.0, 0.0, 0.0},         // argon
}};
// clang-format on

// Binary interaction parameters E_ij, U_ij, K_ij, G_ij (1 where not listed); i < j, 1-based.
struct Binary {
  int i, j;
  double v;
};
// clang-format off
constexpr Binary e_ij[] = {
    {1, 2, 0.97164},    {1, 3, 0.960644},  {1, 5, 0.994635},  {1, 6, 1.01953},
    {1, 7, 0.989844},   {1, 8, 1.00235},   {1, 9, 0.999268},  {1, 10, 1.107274},
    {1, 11, 0.88088},   {1, 12, 0.880973}, {1, 13, 0.881067}, {1, 14, 0.881161},
    {1, 15, 1.17052},   {1, 17, 0.990126}, {1, 18, 0.708218}, {1, 19, 0.931484},
    {2, 3, 1.02274},    {2, 4, 0.97012},   {2, 5, 0.945939},  {2, 6, 0.946914},
    {2, 7, 0.973384},   {2, 8, 0.95934},   {2, 9, 0.94552},   {2, 15, 1.08632},
    {2, 16, 1.021},     {2, 17, 1.00571},  {2, 18, 0.746954}, {2, 19, 0.902271},
    {3, 4, 0.925053},   {3, 5, 0.960237},  {3, 6, 0.906849},  {3, 7, 0.897362},
    {3, 8, 0.726255},   {3, 9, 0.859764},  {3, 10, 0.855134}, {3, 11, 0.831229},
    {3, 12, 0.80831},   {3, 13, 0.786323}, {3, 14, 0.765171}, {3, 15, 1.28179},
    {3, 17, 1.5},       {3, 18, 0.849408}, {3, 19, 0.955052}, {4, 5, 1.02256},
    {4, 7, 1.01306},    {4, 9, 1.00532},   {4, 15, 1.16446},  {4, 18, 0.693168},
    {4, 19, 0.946871},  {5, 7, 1.0049},    {5, 15, 1.034787}, {6, 15, 1.3},
    {7, 15, 1.3},       {10, 19, 1.008692}, {11, 19, 1.010126}, {12, 19, 1.011501},
    {13, 19, 1.012821}, {14, 19, 1.014089}, {15, 17, 1.1}};
constexpr Binary u_ij[] = {
    {1, 2, 0.886106},   {1, 3, 0.963827},   {1, 5, 0.990877},   {1, 7, 0.992291},
    {1, 9, 1.00367},    {1, 10, 1.302576},  {1, 11, 1.191904},  {1, 12, 1.205769},
    {1, 13, 1.219634},  {1, 14, 1.233498},  {1, 15, 1.15639},   {1, 19, 0.736833},
    {2, 3, 0.835058},   {2, 4, 0.816431},   {2, 5, 0.915502},   {2, 7, 0.993556},
    {2, 15, 0.408838},  {2, 19, 0.993476},  {3, 4, 0.96987},    {3, 10, 1.066638},
    {3, 11, 1.077634},  {3, 12, 1.088178},  {3, 13, 1.098291},  {3, 14, 1.108021},
    {3, 17, 0.9},       {3, 19, 1.04529},   {4, 5, 1.065173},   {4, 6, 1.25},
    {4, 7, 1.25},       {4, 8, 1.25},       {4, 9, 1.25},       {4, 15, 1.61666},
    {4, 19, 0.971926},  {10, 19, 1.028973}, {11, 19, 1.033754}, {12, 19, 1.038338},
    {13, 19, 1.042735}, {14, 19, 1.046966}};
constexpr Binary k_ij[] = {
    {1, 2, 1.00363},   {1, 3, 0.995933},  {1, 5, 1.007619},  {1, 7, 0.997596},
    {1, 9, 1.002529},  {1, 10, 0.982962}, {1, 11, 0.983565}, {1, 12, 0.982707},
    {1, 13, 0.981849}, {1, 14, 0.980991}, {1, 15, 1.02326},  {1, 19, 1.00008},
    {2, 3, 0.982361},  {2, 4, 1.00796},   {2, 15, 1.03227},  {2, 19, 0.942596},
    {3, 4, 1.00851},   {3, 10, 0.910183}, {3, 11, 0.895362}, {3, 12, 0.881152},
    {3, 13, 0.86752},  {3, 14, 0.854406}, {3, 19, 1.00779},  {4, 5, 0.986893},
    {4, 15, 1.02034},  {4, 19, 0.999969}, {10, 19, 0.96813}, {11, 19, 0.96287},
    {12, 19, 0.957828}, {13, 19, 0.952441}, {14, 19, 0.948338}};
constexpr Binary g_ij[] = {
    {1, 3, 0.807653}, {1, 15, 1.95731}, {2, 3, 0.982746}, {3, 4, 0.370296}, {3, 18, 1.67309}};
// clang-format on

using Matrix = std::array<std::array<double, component_count>, component_count>;
template <std::size_t N>
Matrix binary_matrix(const Binary (&list)[N]) {
  Matrix m;
  for (auto& row : m) row.fill(1.0);
  for (const auto& b : list) m[b.i - 1][b.j - 1] = m[b.j - 1][b.i - 1] = b.v;
  return m;
}

double mixture_molar_mass(const Composition& x) {
  double m = 0.0;
  for (std::size_t i = 0; i < component_count; ++i) m += x.fractions()[i] * molar_mass_g[i];
  return m * 1e-3;
}

}  // namespace

Aga8Detail::Aga8Detail(const Composition& comp)
    : HelmholtzMixture(mixture_molar_mass(comp), r_detail), ideal_(comp, 1.0, r_detail) {
  // Mixing rules of AGA8 Part 1 (equations for K, U, G, Q, F, B*_n, C*_n).
  static const Matrix e = binary_matrix(e_ij), u = binary_matrix(u_ij), k = binary_matrix(k_ij),
                      g = binary_matrix(g_ij);
  const auto& x = comp.fractions();
  double k5 = 0.0, u5 = 0.0, gm = 0.0, q = 0.0, f = 0.0;  // K^(5/2) and U^(5/2) sums first
  for (std::size_t i = 0; i < component_count; ++i) {
    k5 += x[i] * std::pow(pure[i].k, 2.5);
    u5 += x[i] * std::pow(pure[i].e, 2.5);
    gm += x[i] * pure[i].g;
    q += x[i] * pure[i].q;
    f += x[i] * x[i] * pure[i].f;
  }
  k5 *= k5;
  u5 *= u5;
  for (std::size_t i = 0; i < component_count; ++i) {
    if (!(x[i] > 0.0)) continue;
    for (std::size_t j = i; j < component_count; ++j) {
      if (!(x[j] > 0.0)) continue;
      const double w = (i == j ? 1.0 : 2.0) * x[i] * x[j];
      const Pure &pi = pure[i], &pj = pure[j];
      if (i != j) {
        k5 += w * (std::pow(k[i][j], 5) - 1.0) * std::pow(pi.k * pj.k, 2.5);
        u5 += w * (std::pow(u[i][j], 5) - 1.0) * std::pow(pi.e * pj.e, 2.5);
        gm += w * (g[i][j] - 1.0) * 0.5 * (pi.g + pj.g);
      }
      // Second virial coefficient terms B*_nij.
      const double eij = e[i][j] * std::sqrt(pi.e * pj.e);
      const double kij = std::pow(pi.k * pj.k, 1.5);
      for (std::size_t n = 0; n < 18; ++n) {
        const Term& t = terms[n];
        double bn = t.a * std::pow(eij, t.u) * kij;
        if (t.g) bn *= g[i][j] * 0.5 * (pi.g + pj.g);
        if (t.q) bn *= pi.q * pj.q;
        if (t.f) bn *= pi.f * pj.f;
        if (t.s) bn *= pi.s * pj.s;
        if (t.w) bn *= pi.w * pj.w;
        b_star_[n + 1] += w * bn;
      }
    }
  }
  k3_ = std::pow(k5, 0.6);
  const double um = std::pow(u5, 0.2);
  for (std::size_t n = 13; n <= term_count; ++n) {
    const Term& t = terms[n - 1];
    double c = t.a * std::pow(um, t.u);
    if (t.g) c *= gm;
    if (t.q) c *= q * q;
    if (t.f) c *= f;
    c_star_[n] = c;
  }
}

ReducedHelmholtz Aga8Detail::residual(double t_k, double rho, bool full) const {
  // alpha_r = D sum_{n<=18} B*_n T^-u_n - K^3 D sum_{13<=n<=18} C*_n T^-u_n
  //         + sum_{n>=13} C*_n T^-u_n Dr^b_n exp(-c_n Dr^k_n),  D in mol/l, Dr = K^3 D.
  // Temperature enters only through T^-u_n = (1/T)^u_n, so tau d/dtau of a term is u_n times
  // the term; delta d/ddelta of D^b exp(-Dr^k) is (b - k Dr^k) times the term.
  const double d = rho * 1e-3;
  const double dr = k3_ * d;
  std::array<double, 10> drp{};  // Dr^0..Dr^9
  drp[0] = 1.0;
  for (std::size_t i = 1; i < drp.size(); ++i) drp[i] = drp[i - 1] * dr;
  std::array<double, 5> ex{};  // exp(-Dr^k), k = 0..4 (k = 0: no exponential, c_n = 0)
  ex[0] = 1.0;
  for (std::size_t i = 1; i < ex.size(); ++i) ex[i] = std::exp(-drp[i]);
  // T^-u_n, cached per thread for the last (object, temperature) as in Gerg2008::residual.
  thread_local std::uint64_t cached_id = 0;
  thread_local double cached_t = 0.0;
  thread_local std::array<double, term_count> t_u{};
  if (cached_id != instance_id() || cached_t != t_k) {
    const double ln_t = std::log(t_k);
    for (std::size_t n = 0; n < term_count; ++n)
      t_u[n] = terms[n].u == 0.0 ? 1.0 : std::exp(-terms[n].u * ln_t);
    cached_id = instance_id();
    cached_t = t_k;
  }

  ReducedHelmholtz r;
  for (std::size_t n = 1; n <= term_count; ++n) {
    const Term& t = terms[n - 1];
    const double tu = t_u[n - 1];
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    if (n <= 18) {  // virial part, linear in density
      double lin = b_star_[n] * d;
      if (n >= 13) lin -= c_star_[n] * dr;
      s0 = s1 = lin * tu;
    }
    if (n >= 13) {
      const double e = c_star_[n] * drp[t.b] * tu * ex[t.k];
      const double h = t.b - t.k * drp[t.k];    // delta d ln(term) / d delta
      const double dh = -t.k * t.k * drp[t.k];  // delta dh/ddelta
      s0 += e;
      s1 += e * h;
      s2 = e * (dh + h * h - h);
      if (full) {
        const double d2h = -t.k * t.k * t.k * drp[t.k];
        s3 = e * (d2h + 3.0 * h * dh + h * h * h - 3.0 * (dh + h * h) + 2.0 * h);
      }
    }
    r.a += s0;
    r.d1 += s1;
    r.d2 += s2;
    if (full) {
      r.d3 += s3;
      r.t1 += t.u * s0;
      r.t2 += t.u * (t.u - 1.0) * s0;
      r.dt += t.u * s1;
    }
  }
  return r;
}

}  // namespace linepack::gas
