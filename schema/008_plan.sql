-- ioaware schema, version 8: the capacity plan (`ioaware plan`).

-- One plan of a scenario: for each policy, the fewest pCPUs whose simulated schedule keeps every
-- component within capacity, every VM's p99 wait within its budget and misses no deadline.
CREATE TABLE plan (
	plan_id INTEGER PRIMARY KEY,	-- id across the database
	scenario_id INTEGER NOT NULL REFERENCES scenario(scenario_id) ON DELETE CASCADE, -- planned
	budget_ms REAL NOT NULL CHECK (budget_ms > 0), -- p99 wait budget of every VM without its own
	budgets TEXT NOT NULL,		-- JSON: per-VM budgets that override it, {"VM id": ms}
	mode TEXT NOT NULL CHECK (mode IN ('strict', 'overlap', 'edf')), -- scheduling rule
	cap_pct REAL NOT NULL CHECK (cap_pct > 0), -- overlap-mode cap of the schedules
	pcpus_lo INTEGER NOT NULL CHECK (pcpus_lo >= 1), -- range searched
	pcpus_hi INTEGER NOT NULL CHECK (pcpus_hi >= pcpus_lo),
	time_limit_s REAL NOT NULL CHECK (time_limit_s > 0), -- optimizer seconds per pCPU count
	sentence TEXT NOT NULL,		-- the answer in one sentence
	seconds REAL NOT NULL,		-- wall time the plan took
	created TEXT NOT NULL		-- UTC time (ISO 8601)
) STRICT;

-- The answer for one policy.
CREATE TABLE plan_policy (
	plan_id INTEGER NOT NULL REFERENCES plan(plan_id) ON DELETE CASCADE, -- plan
	policy TEXT NOT NULL CHECK (policy IN ('baseline', 'online', 'optimized')),
	cores INTEGER CHECK (cores IS NULL OR cores >= 1), -- fewest pCPUs that hold, NULL none
	binding TEXT NOT NULL CHECK (binding IN ('none', 'overload', 'wait', 'deadline')),
					-- what fails at cores - 1 (none: cores is the range start),
					-- or at the range end when no count holds
	reason TEXT NOT NULL,		-- why, in words
	proven INTEGER NOT NULL CHECK (proven IN (0, 1)), -- optimized: solver proved optimal at
					-- cores and cores - 1; policies: 1
	p99_wait_ms REAL,		-- worst VM's p99 wait at cores (range end when none holds),
					-- NULL when no schedule meets the deadlines there
	max_wait_ms REAL,		-- longest wait there
	overload_ms REAL NOT NULL,	-- time any component is above 100 % there
	peaks TEXT NOT NULL,		-- JSON: component -> peak demanded utilisation % there
	PRIMARY KEY (plan_id, policy)
) STRICT;

-- One simulated schedule of the search: a policy on a pCPU count.
CREATE TABLE plan_point (
	plan_id INTEGER NOT NULL REFERENCES plan(plan_id) ON DELETE CASCADE, -- plan
	pcpus INTEGER NOT NULL CHECK (pcpus >= 1), -- P
	policy TEXT NOT NULL CHECK (policy IN ('baseline', 'online', 'optimized')),
	holds INTEGER NOT NULL CHECK (holds IN (0, 1)), -- every constraint met
	fails TEXT NOT NULL,		-- constraints not met, comma separated: overload, wait, deadline
	p99_wait_ms REAL,		-- worst VM's p99 wait (start - release), NULL no schedule
	max_wait_ms REAL,		-- longest wait
	overload_ms REAL NOT NULL,	-- time any component is above 100 %
	makespan_ms REAL NOT NULL,	-- last completion - first release
	deadline_misses INTEGER NOT NULL, -- tasks that end after their deadline
	peaks TEXT NOT NULL,		-- JSON: component -> peak demanded utilisation %
	status TEXT NOT NULL,		-- solver status (optimal, feasible, time_limit, infeasible)
	solve_seconds REAL NOT NULL,	-- wall time spent computing the schedule
	PRIMARY KEY (plan_id, pcpus, policy)
) STRICT;
