/* Busbar allocation model (GNU MathProg) — the readable statement of the LP that
   Sources/BusbarEnergy/Planning/AllocationSolver.swift builds through GLPK's C API.
   A test solves every example site both ways and expects the same optimum.
   Plain-math description: Models/README.md.                                       */

set V;                         /* EVs (plugged-in sessions)                        */
set S;                         /* time slots                                       */
set C;                         /* checkpoints: nodes and transformer primaries     */
set L := 0..2;                 /* lines L1, L2, L3                                 */

param hours{V, S} >= 0;        /* hours EV v is present in slot s (0 = absent)     */
param kwa{V} > 0;              /* kW per ampere of EV v (V_LN × 1, √3 or 3 / 1000) */
param ub{V} >= 0;              /* most current EV v may draw (A per phase)         */
param hasNeed{V} binary;       /* whether the remaining energy is known            */
param need{V} >= 0;            /* remaining energy wanted (kWh)                    */
param weight{V} > 0;           /* priority weight                                  */
param mid{S};                  /* seconds from the first slot's start to slot middle */
param span > 0;                /* seconds covered by all slots                     */
param eps >= 0;                /* earliness weight ε                               */
param lambda >= 0;             /* fairness weight λ                                */
param reach{V} >= 0;           /* energy EV v could take alone: min(need, ub·hours·kwa) */
param K{S} integer >= 3;       /* order of the inscribed polygon in slot s         */
param lambdaSlot >= 0;         /* per-slot fairness weight λ_s                     */
param fcap{V, S} >= 0;         /* A: EV v's floor in slot s is f_s × fcap (0 = none) */
param slotReach{s in S} := sum{v in V: hours[v, s] > 0} kwa[v] * hours[v, s] * fcap[v, s];

/* line currents per ampere: EV v's current causes cre + j·cim on line l at c     */
param cre{V, C, L} default 0;
param cim{V, C, L} default 0;
param touches{V, C} binary default 0;

set LIM dimen 3;               /* (c, l, s) with a current limit                   */
param M{LIM} >= 0;             /* the limit (A)                                    */
param bre{LIM} default 0;      /* base load phasor on that line (A)                */
param bim{LIM} default 0;

set PW dimen 2;                /* (c, s) with a power limit                        */
param PL{PW} >= 0;             /* the limit (kW)                                   */
param PB{PW} >= 0;             /* base load (kW)                                   */

param pi := 4 * atan(1);

var r{v in V, s in S: hours[v, s] > 0} >= 0, <= ub[v];
var f >= 0, <= 1;              /* lowest served fraction (fairness)                */
var fs{s in S: slotReach[s] > 1e-9} >= 0, <= 1;  /* lowest fraction of its cap in slot s */

/* most energy, soonest (ε), by priority, plus λ × the lowest served fraction,
   plus λ_s × each slot's lowest fraction of the floored EVs' caps                 */
maximize value:
    sum{v in V, s in S: hours[v, s] > 0}
        weight[v] * (1 + eps * (span - mid[s]) / span) * kwa[v] * hours[v, s] * r[v, s]
  + lambda * (sum{v in V} reach[v]) * f
  + lambdaSlot * sum{s in S: slotReach[s] > 1e-9} slotReach[s] * fs[s];

s.t. energy{v in V: hasNeed[v] = 1}:
    sum{s in S: hours[v, s] > 0} kwa[v] * hours[v, s] * r[v, s] <= need[v];

s.t. fair{v in V: reach[v] > 1e-9}:
    sum{s in S: hours[v, s] > 0} kwa[v] * hours[v, s] * r[v, s] - reach[v] * f >= 0;

s.t. slotfair{v in V, s in S: hours[v, s] > 0 and fcap[v, s] > 0 and slotReach[s] > 1e-9}:
    r[v, s] - fcap[v, s] * fs[s] >= 0;

/* |base + Σ r·(cre + j·cim)| <= M, safely: the regular K-gon inscribed in the circle */
s.t. line{(c, l, s) in LIM, k in 0..K[s]-1}:
    sum{v in V: hours[v, s] > 0 and touches[v, c] = 1}
        r[v, s] * (cre[v, c, l] * cos(2 * pi * k / K[s]) + cim[v, c, l] * sin(2 * pi * k / K[s]))
    <= M[c, l, s] * cos(pi / K[s]) - (bre[c, l, s] * cos(2 * pi * k / K[s]) + bim[c, l, s] * sin(2 * pi * k / K[s]));

s.t. power{(c, s) in PW}:
    sum{v in V: hours[v, s] > 0 and touches[v, c] = 1} kwa[v] * r[v, s] <= PL[c, s] - PB[c, s];

end;
