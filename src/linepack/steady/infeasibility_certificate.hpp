#pragma once
// A proof that no steady state with positive pressures exists, for the networks where the
// argument holds (docs/physics.md, "Status and infeasibility certificate").
//
// Argument. Write pi = Pi(p) (the pressure potential, strictly increasing, continued oddly to
// p < 0). A pipe without elevation change obeys pi_from - pi_to = g(q) with g non-decreasing
// (friction depends on the flow alone: lambda(Re), Re from |q|). If every element that can carry
// flow is such a pipe (closed elements carry none), then for the given withdrawals and fixed
// pressures the system [mass balance, pipe laws] in (pi, q) has at most one pi: for two
// solutions, sum_b (q_b - q'_b)(dpi_b - dpi'_b) = (A(q - q'))^T (pi - pi') = 0 (balance rows
// vanish at free nodes, pi = pi' at fixed ones), every term is >= 0, hence dpi_b = dpi'_b and
// pi = pi' on every part with a fixed node (validation guarantees one). Newton solves the same
// system (the pipe rows are its equations divided by a positive density), so when it converges
// with Pi < 0 at a node, every solution has Pi < 0 there and no state with p > 0 exists.
// Not covered (reported `not_converged` instead): elevation changes (e^{-s} weights the two
// ends), resistors (loss divided by the upstream density), lossless connections (their
// regularisation p_from - p_to = 1e-4 Pa s/kg q is not a relation in pi alone), regulators and
// compressors.
#include <optional>
#include <span>
#include <string>

#include "linepack/model/network.hpp"
#include "linepack/steady/network_equations.hpp"
#include "linepack/steady/result.hpp"

namespace linepack::steady {

/// Why the certificate is not a proof for this network (the first element outside the class),
/// or nullopt when it is.
std::optional<std::string> certificate_obstacle(const model::Network& network,
                                                const NetworkEquations& equations);

/// The certificate from Newton's converged solution x of the equations continued to negative
/// pressures (x has p <= 0 somewhere; call only when certificate_obstacle() is nullopt).
InfeasibilityCertificate negative_potential_certificate(const model::Network& network,
                                                        const NetworkEquations& equations,
                                                        std::span<const double> x);

}  // namespace linepack::steady
