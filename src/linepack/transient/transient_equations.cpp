#include "linepack/transient/transient_equations.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "linepack/physics/compressor_equation.hpp"
#include "linepack/physics/connection_equations.hpp"
#include "linepack/physics/control_valve_equation.hpp"
#include "linepack/physics/friction.hpp"
#include "linepack/physics/resistor_equation.hpp"
#include "linepack/units/constants.hpp"

namespace linepack::transient {
namespace {
constexpr double pressure_weight = 1e-5;  // pressure rows read in bar
constexpr double flow_weight = 1.0;       // flow rows in kg/s
constexpr double flow_floor = physics::PipeEquations::default_flow_floor_kg_per_s;

/// Colebrook-White (physics/friction.cpp) with a per-cell warm start. The start is the cell's
/// last solution x = 1/sqrt(lambda) moved along its tangent dx/dRe to the new Reynolds number;
/// when the Newton step from there is below 1e-6 x, one step leaves x within about 1e-13 of the
/// root (the iteration converges quadratically with a constant of about 4e-3); otherwise
/// physics::darcy_friction solves the law from the same start. Same law, same laminar branch; one
/// logarithm per call in smooth transients instead of two or three (friction is the largest
/// cost of a transient step).
physics::FrictionValue colebrook_warm(double re, double rr, double fixed,
                                      TransientEquations::FrictionStart& w) {
  constexpr double c2 = 2.0 / 2.302585092994046;  // 2 / ln 10
  if (re >= 500.0 && w.x > 0.0) {
    const double x0 = std::max(w.x + w.dx_dre * (re - w.re), 0.5 * w.x);
    const double inv_re = 1.0 / re;
    const double a = rr / 3.71, b = 2.51 * inv_re;
    const double arg0 = a + b * x0;
    const double f = x0 + 2.0 * std::log10(arg0);
    const double df = 1.0 + c2 * b / arg0;
    const double step = -f / df;
    if (std::abs(step) <= 1e-6 * x0) {
      const double x = x0 + step;
      const double inv_arg = 1.0 / (a + b * x);
      const double f_x = 1.0 + c2 * b * inv_arg;
      const double f_re = -c2 * b * x * inv_re * inv_arg;  // 2/ln10 (-2.51 x / Re^2) / arg
      const double dx_dre = -f_re / f_x;
      w.x = x;
      w.re = re;
      w.dx_dre = dx_dre;
      // The laminar branch 64/Re wins when 64/Re > 1/x^2.
      if (64.0 * x * x > re) return {64.0 * inv_re, -64.0 * inv_re * inv_re};
      const double xi = 1.0 / x;
      return {xi * xi, -2.0 * xi * xi * xi * dx_dre};
    }
    w.x = x0;
  }
  const physics::FrictionValue v =
      physics::darcy_friction(model::FrictionLaw::colebrook_white, re, rr, fixed, &w.x);
  // Tangent of the turbulent branch at the solution (w.x now holds it): dx/dRe from the law.
  if (re >= 500.0 && w.x > 0.0) {
    const double b = 2.51 / re, arg = rr / 3.71 + b * w.x;
    const double f_x = 1.0 + c2 * b / arg;
    const double f_re = c2 * (-2.51 * w.x / (re * re)) / arg;
    w.re = re;
    w.dx_dre = -f_re / f_x;
  } else {
    w.x = 0.0;  // no warm start below the turbulent branch
  }
  return v;
}

// Non-pipe kinds in topology order.
enum NonPipeKind : std::size_t { short_pipes = 0, resistors, valves, control_valves, compressors };
constexpr std::size_t nonpipe_kind_count = 5;
}  // namespace

std::vector<PipeCells> discretise(const model::Network& network, double dx_m) {
  if (!(dx_m > 0.0) || !std::isfinite(dx_m))
    throw std::invalid_argument(fmt::format("dx must be positive, got {}", dx_m));
  std::vector<PipeCells> out;
  out.reserve(network.pipes.size());
  std::size_t interior = 0, cells = 0;
  for (const auto& p : network.pipes) {
    PipeCells c;
    // ceil with a relative tolerance, so that 10 km at dx = 1 km is 10 cells, not 11.
    const double ratio = p.length_m / dx_m;
    if (!(ratio <= max_cells) || static_cast<double>(cells) + ratio > max_cells)
      throw std::invalid_argument(fmt::format(
          "dx = {:.6g} m cuts the pipes into more than {:.0e} cells (pipe '{}' alone into {:.3g}); "
          "use a larger dx",
          dx_m, max_cells, p.id, ratio));
    c.cells = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(ratio * (1.0 - 1e-12))));
    c.cell_length_m = p.length_m / static_cast<double>(c.cells);
    c.first_interior = interior;
    c.first_cell = cells;
    interior += c.cells - 1;
    cells += c.cells;
    out.push_back(c);
  }
  return out;
}

TransientEquations::TransientEquations(const model::Network& network,
                                       const model::Topology& topology, double dx_m, bool inertia)
    : network_(network),
      topology_(topology),
      eos_(network.physics.eos, network.physics.gas, network.physics.temperature_k),
      inertia_(inertia),
      node_count_(network.nodes.size()),
      pipes_(discretise(network, dx_m)),
      pattern_(0) {
  for (const auto& p : pipes_) {
    interior_count_ += p.cells - 1;
    cell_count_ += p.cells;
  }
  const std::size_t np = network_.pipes.size();
  // Pipe law (friction and coefficients) from physics/.
  {
    std::vector<std::size_t> f(topology_.from.begin(), topology_.from.begin() + np);
    std::vector<std::size_t> t(topology_.to.begin(), topology_.to.begin() + np);
    pipe_law_ = std::make_unique<physics::PipeEquations>(network_, f, t, eos_);
  }
  // Non-pipe kinds: their slices of the topology.
  const std::size_t counts[nonpipe_kind_count] = {
      network_.short_pipes.size(), network_.resistors.size(), network_.valves.size(),
      network_.control_valves.size(), network_.compressors.size()};
  std::size_t first = np;
  kinds_.resize(nonpipe_kind_count);
  kind_from_.resize(nonpipe_kind_count);
  kind_to_.resize(nonpipe_kind_count);
  kind_dirty_.assign(nonpipe_kind_count, false);
  for (std::size_t k = 0; k < nonpipe_kind_count; ++k) {
    kind_offset_.push_back(element_count_);
    kind_from_[k].assign(topology_.from.begin() + first, topology_.from.begin() + first + counts[k]);
    kind_to_[k].assign(topology_.to.begin() + first, topology_.to.begin() + first + counts[k]);
    first += counts[k];
    element_count_ += counts[k];
    rebuild_kind(k);
  }
  evals_.resize(element_count_);

  // Cells and per-pipe constants.
  const double g = units::gravity_m_per_s2;
  const double mu = network_.physics.gas.dynamic_viscosity_pa_s;
  cell_pipe_.resize(cell_count_);
  cell_left_.resize(cell_count_);
  cell_right_.resize(cell_count_);
  for (std::size_t k = 0; k < np; ++k) {
    const auto& c = pipe_law_->coefficients(k);
    const double h = pipes_[k].cell_length_m;
    pipe_h_.push_back(h);
    pipe_area_.push_back(c.area_m2);
    pipe_re_per_q_.push_back(4.0 / (units::pi * c.diameter_m * mu));
    pipe_inv_d_.push_back(1.0 / c.diameter_m);
    pipe_zeta_per_l_.push_back(c.loss_coefficient / c.length_m);
    pipe_inv_2a2_.push_back(1.0 / (2.0 * c.area_m2 * c.area_m2));
    pipe_kf_lambda_.push_back(pipe_inv_d_.back() * pipe_inv_2a2_.back());
    pipe_kf_zeta_.push_back(pipe_zeta_per_l_.back() * pipe_inv_2a2_.back());
    pipe_inv_a2_.push_back(1.0 / (c.area_m2 * c.area_m2));
    pipe_slope_g_.push_back(g * c.elevation_change_m / c.length_m);
    for (std::size_t j = 0; j < pipes_[k].cells; ++j) {
      const std::size_t cell = pipes_[k].first_cell + j;
      cell_pipe_[cell] = k;
      cell_left_[cell] = pressure_index(k, j);
      cell_right_[cell] = pressure_index(k, j + 1);
    }
  }
  friction_start_.assign(cell_count_, FrictionStart{});

  // Storage volumes.
  const std::size_t npress = pressure_count();
  volume_.assign(npress, 0.0);
  for (std::size_t k = 0; k < np; ++k) {
    const double v = pipe_area_[k] * pipe_h_[k];
    volume_[topology_.from[k]] += 0.5 * v;
    volume_[topology_.to[k]] += 0.5 * v;
    for (std::size_t j = 1; j < pipes_[k].cells; ++j) volume_[pressure_index(k, j)] = v;
  }
  fixed_.assign(node_count_, false);
  p_set_.assign(node_count_, 0.0);
  w_new_.assign(node_count_, 0.0);
  w_explicit_.assign(node_count_, 0.0);

  // Pattern.
  const std::size_t n = npress + element_count_ + cell_count_;
  pattern_ = numerics::SparsePattern(n);
  pattern_.reserve(npress + 5 * (element_count_ + cell_count_));
  std::vector<std::size_t> diag_entry(npress), cell_entry(5 * cell_count_),
      element_entry(5 * element_count_);
  for (std::size_t i = 0; i < npress; ++i) diag_entry[i] = pattern_.add(i, i);
  for (std::size_t c = 0; c < cell_count_; ++c) {
    const std::size_t qi = cell_offset() + c, l = cell_left_[c], r = cell_right_[c];
    cell_entry[5 * c + 0] = pattern_.add(l, qi);
    cell_entry[5 * c + 1] = pattern_.add(r, qi);
    cell_entry[5 * c + 2] = pattern_.add(qi, l);
    cell_entry[5 * c + 3] = pattern_.add(qi, r);
    cell_entry[5 * c + 4] = pattern_.add(qi, qi);
  }
  for (std::size_t k = 0; k < nonpipe_kind_count; ++k)
    for (std::size_t e = 0; e < kind_from_[k].size(); ++e) {
      const std::size_t b = kind_offset_[k] + e, row = element_offset() + b;
      const std::size_t f = kind_from_[k][e], t = kind_to_[k][e];
      element_entry[5 * b + 0] = pattern_.add(f, row);
      element_entry[5 * b + 1] = pattern_.add(t, row);
      element_entry[5 * b + 2] = pattern_.add(row, f);
      element_entry[5 * b + 3] = pattern_.add(row, t);
      element_entry[5 * b + 4] = pattern_.add(row, row);
    }
  pattern_.finalize();
  diag_slot_.resize(npress);
  for (std::size_t i = 0; i < npress; ++i) diag_slot_[i] = pattern_.slot(diag_entry[i]);
  cell_slot_.resize(cell_entry.size());
  for (std::size_t s = 0; s < cell_entry.size(); ++s) cell_slot_[s] = pattern_.slot(cell_entry[s]);
  element_slot_.resize(element_entry.size());
  for (std::size_t s = 0; s < element_entry.size(); ++s)
    element_slot_[s] = pattern_.slot(element_entry[s]);

  weights_.assign(n, flow_weight);
  for (std::size_t c = 0; c < cell_count_; ++c) weights_[cell_offset() + c] = pressure_weight;
  eliminable_.assign(n, false);
  for (std::size_t c = 0; c < cell_count_; ++c) eliminable_[cell_offset() + c] = true;
  for (std::size_t k : {short_pipes, resistors, valves})
    for (std::size_t e = 0; e < kind_from_[k].size(); ++e)
      eliminable_[element_offset() + kind_offset_[k] + e] = true;

  rho_.assign(npress, 0.0);
  drho_.assign(npress, 0.0);
  rho_old_.assign(npress, 0.0);
  explicit_.assign(n, 0.0);
  cell_q_old_.assign(cell_count_, 0.0);
  cell_rho_mean_old_.assign(cell_count_, 0.0);
  cell_q_over_rho_explicit_.assign(cell_count_, 0.0);
  cell_r_eval_.assign(cell_count_, 0.0);
  cell_r_start_.assign(cell_count_, 0.0);
  last_x_.assign(n, 0.0);
  start_x_.assign(n, 0.0);
  std::vector<double> x0(n, 0.0);
  for (std::size_t i = 0; i < npress; ++i) x0[i] = 1e6;
  refresh_controls(x0);
}

std::size_t TransientEquations::pressure_index(std::size_t pipe, std::size_t j) const {
  const auto& p = pipes_[pipe];
  if (j == 0) return topology_.from[pipe];
  if (j == p.cells) return topology_.to[pipe];
  return node_count_ + p.first_interior + j - 1;
}

std::size_t TransientEquations::element_flow_index(std::size_t e) const {
  const std::size_t np = network_.pipes.size();
  if (e < np) return cell_index(e, 0);
  return element_offset() + (e - np);
}

double TransientEquations::half_cell_volume_m3(std::size_t pipe) const {
  return 0.5 * pipe_area_[pipe] * pipe_h_[pipe];
}

void TransientEquations::rebuild_kind(std::size_t k) {
  const auto& f = kind_from_[k];
  const auto& t = kind_to_[k];
  switch (k) {
    case short_pipes: kinds_[k] = std::make_unique<physics::ShortPipeEquations>(network_, f, t); break;
    case resistors:
      kinds_[k] = std::make_unique<physics::ResistorEquations>(network_, f, t, eos_);
      break;
    case valves: kinds_[k] = std::make_unique<physics::ValveEquations>(network_, f, t); break;
    case control_valves:
      kinds_[k] = std::make_unique<physics::ControlValveEquations>(network_, f, t);
      break;
    case compressors:
      kinds_[k] = std::make_unique<physics::CompressorEquations>(network_, f, t);
      break;
    default: break;
  }
  kind_dirty_[k] = false;
}

void TransientEquations::set_pressure(std::size_t node, double p_set_pa) {
  fixed_[node] = true;
  p_set_[node] = p_set_pa;
  w_new_[node] = w_explicit_[node] = 0.0;
  weights_[node] = pressure_weight;
}

void TransientEquations::set_withdrawal(std::size_t node, double w_new, double w_explicit) {
  fixed_[node] = false;
  w_new_[node] = w_new;
  w_explicit_[node] = w_explicit;
  weights_[node] = flow_weight;
}

void TransientEquations::set_valve(std::size_t i, bool open) {
  if (network_.valves[i].open == open) return;
  network_.valves[i].open = open;
  kind_dirty_[valves] = true;
}

void TransientEquations::set_control_valve(std::size_t i, model::ControlState state,
                                           double outlet_pa) {
  auto& cv = network_.control_valves[i];
  if (cv.state == state && cv.outlet_pressure_pa == outlet_pa) return;
  cv.state = state;
  cv.outlet_pressure_pa = outlet_pa;
  kind_dirty_[control_valves] = true;
}

void TransientEquations::set_compressor(std::size_t i, model::ControlState state,
                                        model::CompressorMode mode, double setpoint) {
  auto& cs = network_.compressors[i];
  if (cs.state == state && cs.mode == mode && cs.setpoint == setpoint) return;
  cs.state = state;
  cs.mode = mode;
  cs.setpoint = setpoint;
  kind_dirty_[compressors] = true;
}

void TransientEquations::set_hold(bool station, std::size_t i,
                                  const std::optional<model::ControlHold>& hold) {
  auto& h = station ? network_.compressors[i].hold : network_.control_valves[i].hold;
  if (h == hold) return;
  h = hold;
  kind_dirty_[station ? compressors : control_valves] = true;
}

void TransientEquations::refresh_controls(std::span<const double> x) {
  for (std::size_t k = 0; k < nonpipe_kind_count; ++k)
    if (kind_dirty_[k]) rebuild_kind(k);
  // Row kinds of the element equations (they depend on state and mode).
  const auto p = x.subspan(0, node_count_);
  for (std::size_t k = 0; k < nonpipe_kind_count; ++k) {
    const std::size_t m = kinds_[k]->size();
    if (m == 0) continue;
    const auto q = x.subspan(element_offset() + kind_offset_[k], m);
    const auto out = std::span(evals_).subspan(kind_offset_[k], m);
    kinds_[k]->evaluate(p, q, out);
    for (std::size_t e = 0; e < m; ++e)
      weights_[element_offset() + kind_offset_[k] + e] =
          out[e].kind == physics::RowKind::pressure ? pressure_weight : flow_weight;
  }
}

void TransientEquations::set_steady() {
  steady_ = true;
  implicit_ = 1.0;
  dt_ = 0.0;
  std::fill(explicit_.begin(), explicit_.end(), 0.0);
}

void TransientEquations::density(double p, double& rho, double& drho) const {
  // rho = p / (Z R T), d rho/dp = (1 / (Z R T)) (1 - p Z'/Z); one division.
  const double rt = eos_.ideal_sound_speed_squared();
  const double inv = 1.0 / (eos_.z_factor(p) * rt);
  rho = p * inv;
  drho = inv * (1.0 - p * eos_.z_factor_derivative(p) * inv * rt);
}

TransientEquations::CellRow TransientEquations::cell_law(std::size_t c, double pl, double pr,
                                                         double q, double rho_l, double rho_r,
                                                         double drho_l, double drho_r) const {
  const std::size_t k = cell_pipe_[c];
  const auto& coef = pipe_law_->coefficients(k);
  const double h = pipe_h_[k];
  const double abs_q = std::abs(q), q_star = std::max(abs_q, flow_floor);
  const double re = pipe_re_per_q_[k] * q_star;
  physics::FrictionValue f;
  if (coef.law == model::FrictionLaw::nikuradse) {
    f = {64.0 / std::max(re, 1.0) + coef.fixed_lambda, re < 1.0 ? 0.0 : -64.0 / (re * re)};
  } else if (coef.law == model::FrictionLaw::colebrook_white) {
    f = colebrook_warm(re, coef.relative_roughness, coef.fixed_lambda, friction_start_[c]);
  } else {
    f = physics::darcy_friction(coef.law, re, coef.relative_roughness, coef.fixed_lambda,
                                &friction_start_[c].x);
  }
  const double inv_rho_m = 2.0 / (rho_l + rho_r);
  const double kf = f.lambda * pipe_kf_lambda_[k] + pipe_kf_zeta_[k];
  const double fric = h * kf * q * abs_q * inv_rho_m;
  const double d_fric_dq =
      h * inv_rho_m *
      (2.0 * kf * q_star + f.d_lambda_d_re * pipe_kf_lambda_[k] * pipe_re_per_q_[k] * q * q);
  const double grav = h * pipe_slope_g_[k] * (0.5 * (rho_l + rho_r));
  // d/d rho_m of friction and gravity.
  const double d_rho_m = -fric * inv_rho_m + h * pipe_slope_g_[k];
  CellRow row;
  row.residual = (pr - pl) + fric + grav;
  row.d_pl = -1.0 + 0.5 * d_rho_m * drho_l;
  row.d_pr = 1.0 + 0.5 * d_rho_m * drho_r;
  row.d_q = d_fric_dq;
  if (inertia_) {
    const double q2a2 = q * q * pipe_inv_a2_[k];
    const double inv_lr = 1.0 / (rho_l * rho_r);
    const double inv_l = rho_r * inv_lr, inv_r = rho_l * inv_lr;
    row.residual += q2a2 * (inv_r - inv_l);
    row.d_pl += q2a2 * drho_l * inv_l * inv_l;
    row.d_pr -= q2a2 * drho_r * inv_r * inv_r;
    row.d_q += 2.0 * q * pipe_inv_a2_[k] * (inv_r - inv_l);
  }
  return row;
}

void TransientEquations::begin_stage(std::span<const double> x_start,
                                     std::span<const double> x_mid, double dt_s, double a,
                                     double b_start, double b_mid) {
  if (!(dt_s > 0.0)) throw std::invalid_argument("time step must be positive");
  steady_ = false;
  dt_ = dt_s;
  implicit_ = a;
  const std::size_t npress = pressure_count();
  auto same = [](std::span<const double> u, const std::vector<double>& v) {
    return u.size() == v.size() && std::equal(u.begin(), u.end(), v.begin());
  };
  // R at the start: from the last evaluation or the previous stage when they were at x_start.
  const bool start_known = b_start != 0.0 && ((last_x_valid_ && same(x_start, last_x_)) ||
                                              (start_x_valid_ && same(x_start, start_x_)));
  if (start_known && !(start_x_valid_ && same(x_start, start_x_))) cell_r_start_ = cell_r_eval_;
  const bool mid_known = b_mid != 0.0 && last_x_valid_ && same(x_mid, last_x_);
  if (b_mid != 0.0 && !mid_known) {
    // Evaluate R at the intermediate state (densities into the work arrays).
    for (std::size_t i = 0; i < npress; ++i) density_at(i, x_mid[i], rho_[i], drho_[i]);
    for (std::size_t c = 0; c < cell_count_; ++c) {
      const std::size_t l = cell_left_[c], r = cell_right_[c];
      cell_r_eval_[c] = cell_law(c, x_mid[l], x_mid[r], x_mid[cell_offset() + c], rho_[l],
                                 rho_[r], drho_[l], drho_[r])
                            .residual;
    }
    std::copy(x_mid.begin(), x_mid.end(), last_x_.begin());
    last_x_valid_ = true;
  }
  std::fill(explicit_.begin(), explicit_.end(), 0.0);
  for (std::size_t i = 0; i < npress; ++i)
    density_at(i, x_start[i], rho_old_[i], drho_[i], true);
  for (std::size_t c = 0; c < cell_count_; ++c) {
    const std::size_t qi = cell_offset() + c, l = cell_left_[c], r = cell_right_[c];
    const double q = x_start[qi];
    cell_q_old_[c] = q;
    const double rho_m = 0.5 * (rho_old_[l] + rho_old_[r]);
    cell_rho_mean_old_[c] = rho_m;
    cell_q_over_rho_explicit_[c] = b_start * q / rho_m;
    if (b_start == 0.0) continue;
    if (!start_known)
      cell_r_start_[c] =
          cell_law(c, x_start[l], x_start[r], q, rho_old_[l], rho_old_[r], drho_[l], drho_[r])
              .residual;
    explicit_[qi] = b_start * cell_r_start_[c];
    explicit_[l] += b_start * q;
    explicit_[r] -= b_start * q;
  }
  if (b_start != 0.0) {
    std::copy(x_start.begin(), x_start.end(), start_x_.begin());
    start_x_valid_ = true;
  }
  if (b_mid != 0.0) {
    for (std::size_t c = 0; c < cell_count_; ++c) {
      const std::size_t qi = cell_offset() + c, l = cell_left_[c], r = cell_right_[c];
      const double q = x_mid[qi];
      double rl, rr, d;
      density_at(l, x_mid[l], rl, d);
      density_at(r, x_mid[r], rr, d);
      cell_q_over_rho_explicit_[c] += b_mid * q / (0.5 * (rl + rr));
      explicit_[qi] += b_mid * cell_r_eval_[c];
      explicit_[l] += b_mid * q;
      explicit_[r] -= b_mid * q;
    }
  }
}

void TransientEquations::evaluate(std::span<const double> x, std::span<double> r, double* jac) {
  const std::size_t npress = pressure_count();
  const double inv_dt = steady_ ? 0.0 : 1.0 / dt_;
  const double th = steady_ ? 1.0 : implicit_;
  for (std::size_t i = 0; i < npress; ++i) density_at(i, x[i], rho_[i], drho_[i]);
  // Pressure rows: boundary, or storage + explicit part + withdrawal.
  for (std::size_t i = 0; i < npress; ++i) {
    if (i < node_count_ && fixed_[i]) {
      r[i] = x[i] - p_set_[i];
      if (jac) jac[diag_slot_[i]] = 1.0;
      continue;
    }
    const double v = volume_[i] * inv_dt;
    double res = v * (rho_[i] - rho_old_[i]) + explicit_[i];
    if (steady_) res = 0.0;
    if (i < node_count_) res += th * w_new_[i] + w_explicit_[i];
    r[i] = res;
    if (jac) jac[diag_slot_[i]] = steady_ ? 0.0 : v * drho_[i];
  }
  // Cells: momentum rows and their flows in the mass rows.
  for (std::size_t c = 0; c < cell_count_; ++c) {
    const std::size_t qi = cell_offset() + c, l = cell_left_[c], rr = cell_right_[c];
    const double q = x[qi];
    const CellRow law = cell_law(c, x[l], x[rr], q, rho_[l], rho_[rr], drho_[l], drho_[rr]);
    cell_r_eval_[c] = law.residual;
    double res = law.residual, d_pl = law.d_pl, d_pr = law.d_pr, d_q = law.d_q;
    if (!steady_) {
      const std::size_t k = cell_pipe_[c];
      const double h_a = pipe_h_[k] / pipe_area_[k];
      res = h_a * inv_dt * (q - cell_q_old_[c]) + th * res + explicit_[qi];
      d_pl *= th;
      d_pr *= th;
      d_q = h_a * inv_dt + th * d_q;
      if (inertia_) {
        // -(2h/A)(a q/rho_m + sum_j b_j q_j/rho_m,j)(rho_m - rho_m^n)/dt
        const double rho_m = 0.5 * (rho_[l] + rho_[rr]);
        const double mean = th * q / rho_m + cell_q_over_rho_explicit_[c];
        const double change = (rho_m - cell_rho_mean_old_[c]) * inv_dt;
        const double s = 2.0 * h_a;
        res -= s * mean * change;
        d_q -= s * th / rho_m * change;
        const double d_rho_m = s * (-th * q / (rho_m * rho_m) * change + mean * inv_dt);
        d_pl -= d_rho_m * 0.5 * drho_[l];
        d_pr -= d_rho_m * 0.5 * drho_[rr];
      }
    }
    r[qi] = res;
    const bool fixed_l = l < node_count_ && fixed_[l];
    const bool fixed_r = rr < node_count_ && fixed_[rr];
    if (!fixed_l) r[l] += th * q;
    if (!fixed_r) r[rr] -= th * q;
    if (jac) {
      const std::size_t* s = &cell_slot_[5 * c];
      jac[s[0]] = fixed_l ? 0.0 : th;
      jac[s[1]] = fixed_r ? 0.0 : -th;
      jac[s[2]] = d_pl;
      jac[s[3]] = d_pr;
      jac[s[4]] = d_q;
    }
  }
  // Non-pipe elements: their kernels at the new level; their flows count fully.
  const auto p = x.subspan(0, node_count_);
  for (std::size_t k = 0; k < nonpipe_kind_count; ++k) {
    const std::size_t m = kinds_[k]->size();
    if (m == 0) continue;
    const std::size_t off = kind_offset_[k];
    kinds_[k]->evaluate(p, x.subspan(element_offset() + off, m), std::span(evals_).subspan(off, m));
    for (std::size_t e = 0; e < m; ++e) {
      const std::size_t b = off + e, row = element_offset() + b;
      const auto& ev = evals_[b];
      const std::size_t f = kind_from_[k][e], t = kind_to_[k][e];
      const double q = x[row];
      r[row] = ev.residual;
      if (!fixed_[f]) r[f] += q;
      if (!fixed_[t]) r[t] -= q;
      if (jac) {
        const std::size_t* s = &element_slot_[5 * b];
        jac[s[0]] = fixed_[f] ? 0.0 : 1.0;
        jac[s[1]] = fixed_[t] ? 0.0 : -1.0;
        jac[s[2]] = ev.d_p_from;
        jac[s[3]] = ev.d_p_to;
        jac[s[4]] = ev.d_q;
      }
    }
  }
  std::copy(x.begin(), x.end(), last_x_.begin());
  last_x_valid_ = true;
}

double TransientEquations::max_step(std::span<const double> x, std::span<const double> dx) const {
  double alpha = 1.0;
  for (std::size_t i = 0; i < pressure_count(); ++i)
    if (dx[i] < 0.0 && x[i] + dx[i] < 0.1 * x[i]) alpha = std::min(alpha, 0.9 * x[i] / -dx[i]);
  return alpha;
}

double TransientEquations::linepack_kg(std::span<const double> x) const {
  double m = 0.0;
  for (std::size_t i = 0; i < pressure_count(); ++i) {
    double rho, d;
    density_at(i, x[i], rho, d);
    m += volume_[i] * rho;
  }
  return m;
}

double TransientEquations::pipe_linepack_kg(std::span<const double> x, std::size_t k) const {
  const double v = pipe_area_[k] * pipe_h_[k];
  const std::size_t n = pipes_[k].cells;
  auto rho = [&](std::size_t i) {
    double r, d;
    density_at(i, x[i], r, d);
    return r;
  };
  double m = 0.5 * v * (rho(pressure_index(k, 0)) + rho(pressure_index(k, n)));
  for (std::size_t j = 1; j < n; ++j) m += v * rho(pressure_index(k, j));
  return m;
}

std::pair<std::string, std::string> TransientEquations::describe_row(std::size_t row) const {
  if (row < node_count_)
    return {network_.nodes[row].id, fixed_[row] ? "node_pressure" : "node_balance"};
  auto pipe_of_interior = [&](std::size_t i) {
    for (std::size_t k = 0; k < pipes_.size(); ++k)
      if (i >= pipes_[k].first_interior && i < pipes_[k].first_interior + pipes_[k].cells - 1)
        return std::pair{k, i - pipes_[k].first_interior + 1};
    return std::pair<std::size_t, std::size_t>{0, 0};
  };
  if (row < pressure_count()) {
    auto [k, j] = pipe_of_interior(row - node_count_);
    return {network_.pipes[k].id, fmt::format("pipe_mass (interface {})", j)};
  }
  if (row < cell_offset()) {
    const std::size_t b = row - element_offset();
    for (std::size_t k = nonpipe_kind_count; k-- > 0;)
      if (b >= kind_offset_[k] && b - kind_offset_[k] < kinds_[k]->size())
        return {std::string(kinds_[k]->id(b - kind_offset_[k])),
                std::string(kinds_[k]->kind_name())};
  }
  const std::size_t c = row - cell_offset();
  const std::size_t k = cell_pipe_[c];
  return {network_.pipes[k].id, fmt::format("pipe_momentum (cell {})", c - pipes_[k].first_cell)};
}

}  // namespace linepack::transient
