-- ioaware schema, version 14: every table STRICT, with CHECK constraints
-- (categories, states, non-negative durations and counts, end >= start).
--
-- The tables that were not STRICT yet are rebuilt in place: each is created anew under a
-- temporary name with the same columns in the same order, filled from the old one (rowids
-- kept), the old one dropped and the new one renamed; views and indexes are dropped first
-- and made again.
-- The db module runs migrations with foreign keys off and checks them before the commit, so
-- dropping a parent deletes nothing. A row that breaks a constraint makes the whole migration
-- fail and leaves the database as it was.

DROP VIEW thread_info;
DROP VIEW exit_summary;
DROP VIEW vcpu_segments;

CREATE TABLE trace__strict (
	trace_id INTEGER PRIMARY KEY,	-- stable id used by every other table
	file TEXT NOT NULL,		-- path as given on the command line
	sha256 TEXT NOT NULL UNIQUE,	-- content hash: the same file is ingested once
	size_bytes INTEGER NOT NULL,	-- file size
	format TEXT NOT NULL,		-- trace.dat, tracefs-text, report-text, perf-script, android-text, perf.data
	version TEXT,			-- trace.dat file version (6, 7), NULL for text
	compression TEXT,		-- none, zstd, zlib
	clock TEXT,			-- trace clock named by the file (local, global, x86-tsc, tsc2nsec, ...)
	clock_is_ns INTEGER NOT NULL,	-- 1: timestamps are ns; 0: raw cycles (no conversion in file)
	cpus INTEGER NOT NULL,		-- CPUs of the traced host
	long_size INTEGER,		-- 4 or 8 bytes (trace.dat), NULL unknown
	host TEXT,			-- uname / host name when the file carries it
	first_ns INTEGER,		-- first event timestamp
	last_ns INTEGER,		-- last event timestamp
	events INTEGER NOT NULL,	-- events in the file (every event type)
	lost_events INTEGER NOT NULL,	-- events the file reports as lost or dropped
	buffers INTEGER NOT NULL,	-- ring buffers read (top + instances)
	has_kvm_exit INTEGER NOT NULL,	-- 1 when kvm_exit/kvm_entry exist (else exits degrade)
	host_trace_id INTEGER REFERENCES trace(trace_id), -- guest file: the host trace it maps to
	trace_uuid TEXT,		-- trace-cmd trace id (hex), NULL when none
	ingest_time TEXT NOT NULL,	-- UTC time of ingest (ISO 8601)
	ingest_seconds REAL,		-- wall time the ingest took
	raw INTEGER NOT NULL, -- 1 when raw events were stored in table event
	CHECK (size_bytes IS NULL OR size_bytes >= 0),
	CHECK (events IS NULL OR events >= 0),
	CHECK (lost_events IS NULL OR lost_events >= 0),
	CHECK (clock_is_ns IN (0, 1))
) STRICT;
INSERT INTO trace__strict SELECT * FROM trace;

CREATE TABLE cpu__strict (
	trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- owning trace
	cpu INTEGER NOT NULL,		-- CPU number as traced
	first_ns INTEGER,		-- first event on this CPU (per-CPU buffers start at different times)
	last_ns INTEGER,		-- last event on this CPU
	events INTEGER NOT NULL,	-- events recorded on this CPU
	idle_ns INTEGER NOT NULL,	-- time the idle task (pid 0) ran, between switches seen
	lost_events INTEGER NOT NULL,	-- events lost on this CPU
	PRIMARY KEY (trace_id, cpu),
	CHECK (events IS NULL OR events >= 0),
	CHECK (idle_ns IS NULL OR idle_ns >= 0),
	CHECK (lost_events IS NULL OR lost_events >= 0)
) STRICT;
INSERT INTO cpu__strict (rowid, trace_id, cpu, first_ns, last_ns, events, idle_ns, lost_events)
	SELECT rowid, trace_id, cpu, first_ns, last_ns, events, idle_ns, lost_events FROM cpu;

CREATE TABLE thread__strict (
	trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- owning trace
	tid INTEGER NOT NULL,		-- kernel pid of the thread
	tgid INTEGER,			-- thread group (process) id, NULL when the trace does not say
	comm TEXT NOT NULL,		-- last command name seen (may contain spaces and slashes)
	first_ns INTEGER,		-- first event involving the thread
	last_ns INTEGER,		-- last event involving the thread
	run_ns INTEGER NOT NULL,	-- total time on CPU within the trace
	is_vcpu INTEGER NOT NULL,	-- 1 when the thread runs a vCPU
	is_kthread INTEGER NOT NULL,	-- 1 when the name is a kernel thread's
	PRIMARY KEY (trace_id, tid),
	CHECK (run_ns IS NULL OR run_ns >= 0)
) STRICT;
INSERT INTO thread__strict (rowid, trace_id, tid, tgid, comm, first_ns, last_ns, run_ns, is_vcpu, is_kthread)
	SELECT rowid, trace_id, tid, tgid, comm, first_ns, last_ns, run_ns, is_vcpu, is_kthread FROM thread;

CREATE TABLE vm__strict (
	vm_id INTEGER PRIMARY KEY,	-- id across the database
	trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- owning trace
	host_pid INTEGER,		-- tgid of the VMM process, NULL unknown
	name TEXT NOT NULL,		-- VMM name (comm, override name)
	source TEXT NOT NULL		-- how it was grouped: tgid, name, wake, override, single
) STRICT;
INSERT INTO vm__strict SELECT * FROM vm;

CREATE TABLE vcpu__strict (
	vm_id INTEGER NOT NULL REFERENCES vm(vm_id) ON DELETE CASCADE, -- owning VM
	trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- owning trace
	vcpu INTEGER,			-- vCPU index inside the VM, NULL unknown
	tid INTEGER NOT NULL,		-- host thread running the vCPU
	source TEXT NOT NULL,		-- how it was found: kvm_exit, kvm, name, guest-map, override
	PRIMARY KEY (trace_id, tid)
) STRICT;
INSERT INTO vcpu__strict (rowid, vm_id, trace_id, vcpu, tid, source)
	SELECT rowid, vm_id, trace_id, vcpu, tid, source FROM vcpu;

CREATE TABLE segment__strict (
	segment_id INTEGER PRIMARY KEY,	-- id across the database
	trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- owning trace
	tid INTEGER NOT NULL,		-- thread that ran
	cpu INTEGER NOT NULL,		-- CPU it ran on
	start_ns INTEGER NOT NULL,	-- switch-in (or the CPU's first event when already running)
	end_ns INTEGER NOT NULL,	-- switch-out (or the CPU's last event)
	end_state TEXT,			-- prev_state at switch-out: R/R+ preempted, S, D, ...; NULL at trace end
	wake_ns INTEGER,		-- last wake-up before start_ns, NULL unknown
	waker_tid INTEGER,		-- thread that woke it (common_pid of sched_waking/wakeup), NULL
	waker_cpu INTEGER,		-- CPU the wake-up was issued on, NULL
	guest_ns INTEGER NOT NULL,	-- vCPU: time in guest mode (kvm_entry → kvm_exit)
	exit_ns INTEGER NOT NULL,	-- vCPU: time in exits (kvm_exit → kvm_entry)
	n_exits INTEGER NOT NULL,	-- vCPU: exits inside the segment
	partial INTEGER NOT NULL	-- 1 when it began before or ended after the trace window
, co_kernel INTEGER NOT NULL DEFAULT 0 CHECK (co_kernel IN (0, 1)),
	CHECK (guest_ns IS NULL OR guest_ns >= 0),
	CHECK (exit_ns IS NULL OR exit_ns >= 0),
	CHECK (n_exits IS NULL OR n_exits >= 0),
	CHECK (end_ns IS NULL OR end_ns >= start_ns)
) STRICT;
INSERT INTO segment__strict SELECT * FROM segment;

CREATE TABLE kvm_exit__strict (
	trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- owning trace
	tid INTEGER NOT NULL,		-- vCPU thread
	cpu INTEGER NOT NULL,		-- host CPU
	vcpu INTEGER,			-- vcpu_id of the event, NULL when the format has none
	ts_ns INTEGER NOT NULL,		-- time of the exit
	dur_ns INTEGER,			-- exit → next kvm_entry of the thread, NULL without entry events
	source TEXT NOT NULL,		-- kvm_exit, userspace, pio, mmio
	isa TEXT,			-- VMX, SVM, NULL unknown
	reason INTEGER NOT NULL,	-- raw reason number (VMX basic reason, SVM code, KVM_EXIT_*)
	reason_name TEXT NOT NULL,	-- decoded name (IO_INSTRUCTION, npf, KVM_EXIT_MMIO, ...)
	port INTEGER,			-- I/O port, NULL when not port I/O
	gpa INTEGER,			-- guest physical address of MMIO / EPT violation, NULL
	rw INTEGER,			-- 1 write, 0 read, NULL unknown
	size INTEGER,			-- access size in bytes, NULL unknown
	category TEXT, -- evidence category from the device map, NULL none
	CHECK (dur_ns IS NULL OR dur_ns >= 0),
	CHECK (category IS NULL OR category IN ('RAM', 'ETHERNET', 'BUS', 'GPU', 'STORAGE', 'CACHE', 'COMPUTE', 'OVERHEAD', 'IDLE'))
) STRICT;
INSERT INTO kvm_exit__strict (rowid, trace_id, tid, cpu, vcpu, ts_ns, dur_ns, source, isa, reason, reason_name, port, gpa, rw, size, category)
	SELECT rowid, trace_id, tid, cpu, vcpu, ts_ns, dur_ns, source, isa, reason, reason_name, port, gpa, rw, size, category FROM kvm_exit;

CREATE TABLE io__strict (
	trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- owning trace
	kind TEXT NOT NULL,		-- block, net_tx, net_rx, irq, softirq, kvm_irq
	tid INTEGER,			-- thread in whose context it was issued / received / interrupted
	cpu INTEGER NOT NULL,		-- CPU
	ts_ns INTEGER NOT NULL,		-- issue / packet / handler entry
	end_ns INTEGER,			-- completion / handler exit, NULL when not seen
	dev TEXT,			-- block "major,minor", net device name, irq name
	num INTEGER,			-- irq number, softirq vector, gsi; NULL
	sector INTEGER,			-- block: first sector
	bytes INTEGER,			-- block: bytes; net: packet length
	rwbs TEXT,			-- block: R/W/S/F flags as traced
	complete_tid INTEGER, -- block: thread context of the completion
	CHECK (bytes IS NULL OR bytes >= 0),
	CHECK (end_ns IS NULL OR end_ns >= ts_ns)
) STRICT;
INSERT INTO io__strict (rowid, trace_id, kind, tid, cpu, ts_ns, end_ns, dev, num, sector, bytes, rwbs, complete_tid)
	SELECT rowid, trace_id, kind, tid, cpu, ts_ns, end_ns, dev, num, sector, bytes, rwbs, complete_tid FROM io;

CREATE TABLE event_count__strict (
	trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- owning trace
	name TEXT NOT NULL,		-- event name without system (sched_switch)
	count INTEGER NOT NULL,		-- number of events
	PRIMARY KEY (trace_id, name),
	CHECK (count IS NULL OR count >= 0)
) STRICT;
INSERT INTO event_count__strict (rowid, trace_id, name, count)
	SELECT rowid, trace_id, name, count FROM event_count;

CREATE TABLE warning__strict (
	trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- owning trace
	seq INTEGER NOT NULL,		-- order in which it was raised
	message TEXT NOT NULL,		-- the warning
	PRIMARY KEY (trace_id, seq)
) STRICT;
INSERT INTO warning__strict (rowid, trace_id, seq, message)
	SELECT rowid, trace_id, seq, message FROM warning;

CREATE TABLE event__strict (
	trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- owning trace
	ts_ns INTEGER NOT NULL,		-- timestamp
	cpu INTEGER NOT NULL,		-- CPU
	tid INTEGER NOT NULL,		-- common_pid
	name TEXT NOT NULL,		-- event name
	fields TEXT			-- the event's fields as name=value text
) STRICT;
INSERT INTO event__strict (rowid, trace_id, ts_ns, cpu, tid, name, fields)
	SELECT rowid, trace_id, ts_ns, cpu, tid, name, fields FROM event;

CREATE TABLE classification__strict (
	segment_id INTEGER PRIMARY KEY REFERENCES segment(segment_id) ON DELETE CASCADE, -- segment
	category TEXT NOT NULL,		-- RAM, ETHERNET, BUS, GPU, STORAGE, CACHE, COMPUTE
	util_pct REAL,			-- utilisation % of the component while the segment runs
	confidence REAL,		-- 0..1
	evidence TEXT			-- JSON: counts and times per category
, own_category TEXT, own_util_pct REAL, own_confidence REAL, own_evidence TEXT,
	CHECK (category IS NULL OR category IN ('RAM', 'ETHERNET', 'BUS', 'GPU', 'STORAGE', 'CACHE', 'COMPUTE', 'OVERHEAD')),
	CHECK (own_category IS NULL OR own_category IN ('RAM', 'ETHERNET', 'BUS', 'GPU', 'STORAGE', 'CACHE', 'COMPUTE', 'OVERHEAD'))
) STRICT;
INSERT INTO classification__strict SELECT * FROM classification;

CREATE TABLE classify_run__strict (
	run_id INTEGER PRIMARY KEY,	-- id across the database
	trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- trace
	params TEXT NOT NULL,		-- JSON: every threshold and the device map used
	segments INTEGER NOT NULL,	-- vCPU segments classified
	seconds REAL,			-- wall time of the run
	created TEXT NOT NULL, -- UTC time (ISO 8601)
	CHECK (segments IS NULL OR segments >= 0)
) STRICT;
INSERT INTO classify_run__strict SELECT * FROM classify_run;

CREATE TABLE scenario__strict (
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
) STRICT;
INSERT INTO scenario__strict SELECT * FROM scenario;

CREATE TABLE task__strict (
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
	pinned_pcpu INTEGER, copy INTEGER NOT NULL DEFAULT 0 CHECK (copy >= 0),		-- must run on this pCPU, NULL free
	PRIMARY KEY (scenario_id, task_id),
	CHECK (dur_ns IS NULL OR dur_ns >= 0),
	CHECK (category IS NULL OR category IN ('RAM', 'ETHERNET', 'BUS', 'GPU', 'STORAGE', 'CACHE', 'COMPUTE', 'OVERHEAD'))
) STRICT;
INSERT INTO task__strict (rowid, scenario_id, task_id, segment_id, vm_id, vcpu, chain, release_ns, dur_ns, category, util_pct, deadline_ns, pinned_pcpu, copy)
	SELECT rowid, scenario_id, task_id, segment_id, vm_id, vcpu, chain, release_ns, dur_ns, category, util_pct, deadline_ns, pinned_pcpu, copy FROM task;

CREATE TABLE schedule__strict (
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
	UNIQUE (scenario_id, kind),
	CHECK (makespan_ns IS NULL OR makespan_ns >= 0),
	CHECK (status IN ('optimal', 'feasible', 'time_limit', 'infeasible'))
) STRICT;
INSERT INTO schedule__strict SELECT * FROM schedule;

CREATE TABLE placement__strict (
	schedule_id INTEGER NOT NULL REFERENCES schedule(schedule_id) ON DELETE CASCADE, -- schedule
	task_id INTEGER NOT NULL,	-- task of the scenario
	pcpu INTEGER NOT NULL,		-- physical CPU 0..P-1
	start_ns INTEGER NOT NULL,	-- start
	end_ns INTEGER NOT NULL,	-- end (start + duration, or later when simulated with stretch)
	PRIMARY KEY (schedule_id, task_id),
	CHECK (end_ns IS NULL OR end_ns >= start_ns)
) STRICT;
INSERT INTO placement__strict (rowid, schedule_id, task_id, pcpu, start_ns, end_ns)
	SELECT rowid, schedule_id, task_id, pcpu, start_ns, end_ns FROM placement;

CREATE TABLE metric__strict (
	schedule_id INTEGER NOT NULL REFERENCES schedule(schedule_id) ON DELETE CASCADE, -- schedule
	scope TEXT NOT NULL,		-- schedule, component, pcpu, vcpu
	key TEXT NOT NULL,		-- component name, pCPU number, "vm/vcpu", or "" for schedule
	name TEXT NOT NULL,		-- avg_util_pct, max_util_pct, overload_s, busy_s, wait_mean_s ...
	value REAL NOT NULL,		-- the value, in the unit its name says
	PRIMARY KEY (schedule_id, scope, key, name)
) STRICT;
INSERT INTO metric__strict (rowid, schedule_id, scope, key, name, value)
	SELECT rowid, schedule_id, scope, key, name, value FROM metric;

CREATE TABLE util_series__strict (
	schedule_id INTEGER NOT NULL REFERENCES schedule(schedule_id) ON DELETE CASCADE, -- schedule
	component TEXT NOT NULL,	-- RAM, ETHERNET, BUS, GPU, STORAGE, CACHE
	t_ns INTEGER NOT NULL,		-- time the value starts to hold
	util_pct REAL NOT NULL,		-- demanded utilisation %, may exceed 100
	PRIMARY KEY (schedule_id, component, t_ns)
) STRICT;
INSERT INTO util_series__strict (rowid, schedule_id, component, t_ns, util_pct)
	SELECT rowid, schedule_id, component, t_ns, util_pct FROM util_series;

CREATE TABLE sweep_point__strict (
	scenario_id INTEGER NOT NULL REFERENCES scenario(scenario_id) ON DELETE CASCADE, -- base
	pcpus INTEGER NOT NULL,		-- P of this point
	mode TEXT NOT NULL,		-- strict, overlap, edf
	cap_pct REAL NOT NULL,		-- overlap cap
	kind TEXT NOT NULL,		-- schedule kind measured
	makespan_ns INTEGER,		-- makespan
	overload_s REAL,		-- total time any component was above 100 %
	wait_mean_ns REAL,		-- mean wait (start - release)
	peaks TEXT, wait_p90_ns REAL, overlap_s REAL, status TEXT, solve_seconds REAL,			-- JSON: component → max utilisation %
	PRIMARY KEY (scenario_id, pcpus, mode, cap_pct, kind),
	CHECK (makespan_ns IS NULL OR makespan_ns >= 0),
	CHECK (wait_mean_ns IS NULL OR wait_mean_ns >= 0),
	CHECK (wait_p90_ns IS NULL OR wait_p90_ns >= 0)
) STRICT;
INSERT INTO sweep_point__strict (rowid, scenario_id, pcpus, mode, cap_pct, kind, makespan_ns, overload_s, wait_mean_ns, peaks, wait_p90_ns, overlap_s, status, solve_seconds)
	SELECT rowid, scenario_id, pcpus, mode, cap_pct, kind, makespan_ns, overload_s, wait_mean_ns, peaks, wait_p90_ns, overlap_s, status, solve_seconds FROM sweep_point;

CREATE TABLE sweep_stat__strict (
	run TEXT NOT NULL,		-- sweep run: "random N=1000 seed=1 model=share" and the generator parameters
	policy TEXT NOT NULL,		-- baseline, online, optimized
	figure TEXT NOT NULL,		-- peak_reduction_pct, overload_removed_pct, makespan_change_pct, wait_mean_ms, ...
	n INTEGER NOT NULL,		-- scenarios the figure was measured on
	p10 REAL,			-- 10th percentile
	median REAL,			-- 50th percentile
	p90 REAL,			-- 90th percentile
	mean REAL,			-- arithmetic mean
	created TEXT NOT NULL,		-- UTC time (ISO 8601)
	PRIMARY KEY (run, policy, figure)
) STRICT;
INSERT INTO sweep_stat__strict (rowid, run, policy, figure, n, p10, median, p90, mean, created)
	SELECT rowid, run, policy, figure, n, p10, median, p90, mean, created FROM sweep_stat;

CREATE TABLE guest_vcpu__strict (
	guest_trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- guest trace
	guest_cpu INTEGER NOT NULL,	-- CPU number inside the guest (= vCPU index)
	host_trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- host trace
	host_tid INTEGER NOT NULL,	-- host thread that runs this vCPU
	guest_name TEXT,		-- the guest's name as trace-cmd recorded it
	PRIMARY KEY (guest_trace_id, guest_cpu)
) STRICT;
INSERT INTO guest_vcpu__strict (rowid, guest_trace_id, guest_cpu, host_trace_id, host_tid, guest_name)
	SELECT rowid, guest_trace_id, guest_cpu, host_trace_id, host_tid, guest_name FROM guest_vcpu;

DROP TABLE guest_vcpu;
DROP TABLE sweep_stat;
DROP TABLE sweep_point;
DROP TABLE util_series;
DROP TABLE metric;
DROP TABLE placement;
DROP TABLE schedule;
DROP TABLE task;
DROP TABLE scenario;
DROP TABLE classify_run;
DROP TABLE classification;
DROP TABLE event;
DROP TABLE warning;
DROP TABLE event_count;
DROP TABLE io;
DROP TABLE kvm_exit;
DROP TABLE segment;
DROP TABLE vcpu;
DROP TABLE vm;
DROP TABLE thread;
DROP TABLE cpu;
DROP TABLE trace;

ALTER TABLE trace__strict RENAME TO trace;
ALTER TABLE cpu__strict RENAME TO cpu;
ALTER TABLE thread__strict RENAME TO thread;
ALTER TABLE vm__strict RENAME TO vm;
ALTER TABLE vcpu__strict RENAME TO vcpu;
ALTER TABLE segment__strict RENAME TO segment;
ALTER TABLE kvm_exit__strict RENAME TO kvm_exit;
ALTER TABLE io__strict RENAME TO io;
ALTER TABLE event_count__strict RENAME TO event_count;
ALTER TABLE warning__strict RENAME TO warning;
ALTER TABLE event__strict RENAME TO event;
ALTER TABLE classification__strict RENAME TO classification;
ALTER TABLE classify_run__strict RENAME TO classify_run;
ALTER TABLE scenario__strict RENAME TO scenario;
ALTER TABLE task__strict RENAME TO task;
ALTER TABLE schedule__strict RENAME TO schedule;
ALTER TABLE placement__strict RENAME TO placement;
ALTER TABLE metric__strict RENAME TO metric;
ALTER TABLE util_series__strict RENAME TO util_series;
ALTER TABLE sweep_point__strict RENAME TO sweep_point;
ALTER TABLE sweep_stat__strict RENAME TO sweep_stat;
ALTER TABLE guest_vcpu__strict RENAME TO guest_vcpu;

CREATE INDEX segment_trace_tid ON segment(trace_id, tid, start_ns);
CREATE INDEX io_trace_ts ON io(trace_id, ts_ns);

CREATE VIEW thread_info AS
SELECT t.trace_id, t.tid, t.tgid, t.comm, t.run_ns, t.is_vcpu, v.vm_id, v.vcpu, m.name AS vm_name
FROM thread t
LEFT JOIN vcpu v ON v.trace_id = t.trace_id AND v.tid = t.tid
LEFT JOIN vm m ON m.vm_id = v.vm_id;

CREATE VIEW exit_summary AS
SELECT e.trace_id, v.vm_id, v.vcpu, e.tid, e.source, e.reason_name, e.category,
       COUNT(*) AS n, SUM(e.dur_ns) AS total_ns
FROM kvm_exit e
LEFT JOIN vcpu v ON v.trace_id = e.trace_id AND v.tid = e.tid
GROUP BY e.trace_id, e.tid, e.source, e.reason_name, e.category;

CREATE VIEW vcpu_segments AS
SELECT s.segment_id,			-- segment
       s.trace_id,			-- trace
       v.vm_id,				-- VM of the vCPU
       v.vcpu,				-- vCPU index inside the VM, NULL unknown
       s.tid,				-- host thread running the vCPU
       s.cpu,				-- host CPU it ran on
       s.start_ns,			-- switch-in
       s.end_ns,			-- switch-out
       s.end_ns - s.start_ns AS dur_ns,	-- run time
       s.wake_ns,			-- last wake-up before start, NULL unknown
       s.waker_tid,			-- thread that woke it, NULL unknown
       s.guest_ns,			-- time in guest mode (needs kvm_entry)
       s.exit_ns,			-- time in exits (needs kvm_entry)
       s.n_exits,			-- exits inside the segment
       s.partial,			-- 1: cut by the trace window
       c.category,			-- label in context; NULL before classify
       c.util_pct,			-- utilisation % of that component (context demand)
       c.confidence,			-- 0..1
       c.evidence,			-- JSON: context shares and the segment's own evidence
       c.own_category,			-- label of the segment alone
       c.own_util_pct,			-- its own demand, % of capacity
       c.own_confidence,		-- 0..1
       c.own_evidence			-- JSON: its own counts and ns per category
FROM segment s
JOIN vcpu v ON v.trace_id = s.trace_id AND v.tid = s.tid
LEFT JOIN classification c ON c.segment_id = s.segment_id;

