-- ioaware schema, version 1: what ingest writes.
-- Times are nanoseconds on each trace's own clock (trace.clock_is_ns = 0 marks raw cycles).
-- An event that `trace-cmd report` prints at 2270.610000 is stored as 2270610000000.

-- One ingested input file (or one host+guest group member).
CREATE TABLE trace (
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
	raw INTEGER NOT NULL		-- 1 when raw events were stored in table event
);

-- One CPU of a trace.
CREATE TABLE cpu (
	trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- owning trace
	cpu INTEGER NOT NULL,		-- CPU number as traced
	first_ns INTEGER,		-- first event on this CPU (per-CPU buffers start at different times)
	last_ns INTEGER,		-- last event on this CPU
	events INTEGER NOT NULL,	-- events recorded on this CPU
	idle_ns INTEGER NOT NULL,	-- time the idle task (pid 0) ran, between switches seen
	lost_events INTEGER NOT NULL,	-- events lost on this CPU
	PRIMARY KEY (trace_id, cpu)
);

-- One thread seen in a trace.
CREATE TABLE thread (
	trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- owning trace
	tid INTEGER NOT NULL,		-- kernel pid of the thread
	tgid INTEGER,			-- thread group (process) id, NULL when the trace does not say
	comm TEXT NOT NULL,		-- last command name seen (may contain spaces and slashes)
	first_ns INTEGER,		-- first event involving the thread
	last_ns INTEGER,		-- last event involving the thread
	run_ns INTEGER NOT NULL,	-- total time on CPU within the trace
	is_vcpu INTEGER NOT NULL,	-- 1 when the thread runs a vCPU
	is_kthread INTEGER NOT NULL,	-- 1 when the name is a kernel thread's
	PRIMARY KEY (trace_id, tid)
);

-- One virtual machine (VMM process) found in a trace.
CREATE TABLE vm (
	vm_id INTEGER PRIMARY KEY,	-- id across the database
	trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- owning trace
	host_pid INTEGER,		-- tgid of the VMM process, NULL unknown
	name TEXT NOT NULL,		-- VMM name (comm, override name)
	source TEXT NOT NULL		-- how it was grouped: tgid, name, wake, override, single
);

-- One vCPU of a VM: the host thread that runs it.
CREATE TABLE vcpu (
	vm_id INTEGER NOT NULL REFERENCES vm(vm_id) ON DELETE CASCADE, -- owning VM
	trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- owning trace
	vcpu INTEGER,			-- vCPU index inside the VM, NULL unknown
	tid INTEGER NOT NULL,		-- host thread running the vCPU
	source TEXT NOT NULL,		-- how it was found: kvm_exit, kvm, name, guest-map, override
	PRIMARY KEY (trace_id, tid)
);

-- One run of a thread on a CPU: from switch-in to switch-out.
CREATE TABLE segment (
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
);
CREATE INDEX segment_trace_tid ON segment(trace_id, tid, start_ns);

-- One VM exit of a vCPU thread (kvm_exit, or kvm_userspace_exit / kvm_pio / kvm_mmio where
-- the host has no kvm_exit).
CREATE TABLE kvm_exit (
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
	category TEXT			-- evidence category from the device map, NULL none
);
-- no index: exits are read per trace in time order (rowid order), and an index would
-- cost a quarter of ingest time on exit-heavy traces

-- Host I/O: block requests (issue ↔ complete), packets, hardware and soft IRQs, injections.
CREATE TABLE io (
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
	complete_tid INTEGER		-- block: thread context of the completion
);
CREATE INDEX io_trace_ts ON io(trace_id, ts_ns);

-- Event counts per trace and event type: every event in the file, modelled or not.
CREATE TABLE event_count (
	trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- owning trace
	name TEXT NOT NULL,		-- event name without system (sched_switch)
	count INTEGER NOT NULL,		-- number of events
	PRIMARY KEY (trace_id, name)
);

-- What ingest noticed and the user should know (degraded modes, lost events, skipped lines).
CREATE TABLE warning (
	trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- owning trace
	seq INTEGER NOT NULL,		-- order in which it was raised
	message TEXT NOT NULL,		-- the warning
	PRIMARY KEY (trace_id, seq)
);

-- Raw events, only with `ingest --raw`.
CREATE TABLE event (
	trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- owning trace
	ts_ns INTEGER NOT NULL,		-- timestamp
	cpu INTEGER NOT NULL,		-- CPU
	tid INTEGER NOT NULL,		-- common_pid
	name TEXT NOT NULL,		-- event name
	fields TEXT			-- the event's fields as name=value text
);

-- The I/O category of a segment (written by classify; empty after ingest).
CREATE TABLE classification (
	segment_id INTEGER PRIMARY KEY REFERENCES segment(segment_id) ON DELETE CASCADE, -- segment
	category TEXT NOT NULL,		-- RAM, ETHERNET, BUS, GPU, STORAGE, CACHE, COMPUTE
	util_pct REAL,			-- utilisation % of the component while the segment runs
	confidence REAL,		-- 0..1
	evidence TEXT			-- JSON: counts and times per category
);

-- vCPU runs with their VM and category: the optimizer's input.
CREATE VIEW vcpu_segments AS
SELECT s.segment_id, s.trace_id, v.vm_id, v.vcpu, s.tid, s.cpu, s.start_ns, s.end_ns,
       s.end_ns - s.start_ns AS dur_ns, s.wake_ns, s.waker_tid, s.guest_ns, s.exit_ns,
       s.n_exits, s.partial, c.category, c.util_pct, c.confidence, c.evidence
FROM segment s
JOIN vcpu v ON v.trace_id = s.trace_id AND v.tid = s.tid
LEFT JOIN classification c ON c.segment_id = s.segment_id;

-- Threads with their VM and vCPU index where they run one.
CREATE VIEW thread_info AS
SELECT t.trace_id, t.tid, t.tgid, t.comm, t.run_ns, t.is_vcpu, v.vm_id, v.vcpu, m.name AS vm_name
FROM thread t
LEFT JOIN vcpu v ON v.trace_id = t.trace_id AND v.tid = t.tid
LEFT JOIN vm m ON m.vm_id = v.vm_id;

-- Exits per vCPU and reason.
CREATE VIEW exit_summary AS
SELECT e.trace_id, v.vm_id, v.vcpu, e.tid, e.source, e.reason_name, e.category,
       COUNT(*) AS n, SUM(e.dur_ns) AS total_ns
FROM kvm_exit e
LEFT JOIN vcpu v ON v.trace_id = e.trace_id AND v.tid = e.tid
GROUP BY e.trace_id, e.tid, e.source, e.reason_name, e.category;
