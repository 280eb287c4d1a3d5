-- ioaware schema, version 3: scheduling scenarios, schedules and what simulation measured.
-- Times are nanoseconds (trace clock for trace scenarios, from 0 for synthetic ones).

-- A scheduling instance: the classified segments of a time window of a trace, or a synthetic
-- scenario, placed on P identical pCPUs under a mode.
CREATE TABLE scenario (
	scenario_id INTEGER PRIMARY KEY,	-- id across the database
	trace_id INTEGER REFERENCES trace(trace_id) ON DELETE CASCADE, -- source trace, NULL synthetic
	name TEXT NOT NULL,		-- human name ("trace 1 window 0-2s", "paper preset seed 1")
	source TEXT NOT NULL,		-- trace, synth, psplib
	window_start_ns INTEGER,	-- trace window start (NULL: whole trace / synthetic)
	window_end_ns INTEGER,		-- trace window end
	pcpus INTEGER NOT NULL,		-- P identical physical CPUs
	mode TEXT NOT NULL,		-- strict (0 % same-category overlap), overlap (cumulative), edf
	cap_pct REAL NOT NULL,		-- per-component capacity in overlap mode (100 = the paper's)
	objective TEXT NOT NULL,	-- makespan or lateness
	params TEXT,			-- JSON: generator or solver parameters
	seed INTEGER,			-- random seed (synthetic scenarios, randomised heuristics)
	created TEXT NOT NULL		-- UTC time (ISO 8601)
);

-- One unit of work to place: a classified vCPU segment or a synthetic task.
CREATE TABLE task (
	scenario_id INTEGER NOT NULL REFERENCES scenario(scenario_id) ON DELETE CASCADE, -- scenario
	task_id INTEGER NOT NULL,	-- 0..n-1 within the scenario
	segment_id INTEGER REFERENCES segment(segment_id) ON DELETE SET NULL, -- source segment
	vm_id INTEGER,			-- VM of the vCPU (NULL synthetic without VMs)
	vcpu INTEGER,			-- vCPU index inside the VM
	chain INTEGER NOT NULL,		-- chain id: tasks of one chain (one vCPU) never overlap, in order
	release_ns INTEGER NOT NULL,	-- when it became runnable
	dur_ns INTEGER NOT NULL,	-- processing time
	category TEXT NOT NULL,		-- RAM, ETHERNET, BUS, GPU, STORAGE, CACHE, COMPUTE
	util_pct REAL NOT NULL,		-- demand on its category's component while it runs
	deadline_ns INTEGER,		-- absolute deadline (control-loop cycle), NULL none
	pinned_pcpu INTEGER,		-- must run on this pCPU, NULL free
	PRIMARY KEY (scenario_id, task_id)
);

-- One schedule of a scenario: where and when every task runs.
CREATE TABLE schedule (
	schedule_id INTEGER PRIMARY KEY,	-- id across the database
	scenario_id INTEGER NOT NULL REFERENCES scenario(scenario_id) ON DELETE CASCADE, -- scenario
	kind TEXT NOT NULL,		-- as-traced, baseline, online, heuristic, optimized
	status TEXT NOT NULL,		-- optimal, feasible, time_limit, infeasible
	objective REAL,			-- objective value (makespan in ns, or total lateness in ns)
	bound REAL,			-- best proven lower bound of the objective
	gap REAL,			-- (objective - bound) / objective, 0 when proven optimal
	makespan_ns INTEGER,		-- last completion - first release
	solve_seconds REAL,		-- wall time spent computing it
	params TEXT,			-- JSON: what produced it (rule, time limit, grid, ...)
	created TEXT NOT NULL,		-- UTC time (ISO 8601)
	UNIQUE (scenario_id, kind)
);

-- Where and when one task runs in one schedule (checked before it is stored).
CREATE TABLE placement (
	schedule_id INTEGER NOT NULL REFERENCES schedule(schedule_id) ON DELETE CASCADE, -- schedule
	task_id INTEGER NOT NULL,	-- task of the scenario
	pcpu INTEGER NOT NULL,		-- physical CPU 0..P-1
	start_ns INTEGER NOT NULL,	-- start
	end_ns INTEGER NOT NULL,	-- end (start + duration, or later when simulated with stretch)
	PRIMARY KEY (schedule_id, task_id)
);

-- A measured figure of a schedule (from `ioaware simulate`).
CREATE TABLE metric (
	schedule_id INTEGER NOT NULL REFERENCES schedule(schedule_id) ON DELETE CASCADE, -- schedule
	scope TEXT NOT NULL,		-- schedule, component, pcpu, vcpu
	key TEXT NOT NULL,		-- component name, pCPU number, "vm/vcpu", or "" for schedule
	name TEXT NOT NULL,		-- avg_util_pct, max_util_pct, overload_s, busy_s, wait_mean_s ...
	value REAL NOT NULL,		-- the value, in the unit its name says
	PRIMARY KEY (schedule_id, scope, key, name)
);

-- Utilisation of a component over time in a simulated schedule (step function: the value
-- holds from t_ns until the next row of the same component).
CREATE TABLE util_series (
	schedule_id INTEGER NOT NULL REFERENCES schedule(schedule_id) ON DELETE CASCADE, -- schedule
	component TEXT NOT NULL,	-- RAM, ETHERNET, BUS, GPU, STORAGE, CACHE
	t_ns INTEGER NOT NULL,		-- time the value starts to hold
	util_pct REAL NOT NULL,		-- demanded utilisation %, may exceed 100
	PRIMARY KEY (schedule_id, component, t_ns)
);

-- One point of a what-if sweep (`ioaware sweep`): pCPUs / mode / cap → figures per kind.
CREATE TABLE sweep_point (
	scenario_id INTEGER NOT NULL REFERENCES scenario(scenario_id) ON DELETE CASCADE, -- base
	pcpus INTEGER NOT NULL,		-- P of this point
	mode TEXT NOT NULL,		-- strict, overlap, edf
	cap_pct REAL NOT NULL,		-- overlap cap
	kind TEXT NOT NULL,		-- schedule kind measured
	makespan_ns INTEGER,		-- makespan
	overload_s REAL,		-- total time any component was above 100 %
	wait_mean_ns REAL,		-- mean wait (start - release)
	peaks TEXT,			-- JSON: component → max utilisation %
	PRIMARY KEY (scenario_id, pcpus, mode, cap_pct, kind)
);
