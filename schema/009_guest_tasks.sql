-- ioaware schema, version 9: guest task profiles and guest clock alignment.

-- What each thread of a guest trace did in I/O over the trace (filled by classify for guest
-- traces: analyzer/guest_tasks.h says how a guest's I/O is attributed to its tasks).
CREATE TABLE guest_task (
	trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- guest trace
	tid INTEGER NOT NULL CHECK (tid > 0),	-- guest thread
	comm TEXT NOT NULL,			-- its name
	is_kthread INTEGER NOT NULL CHECK (is_kthread IN (0, 1)), -- guest kernel thread
	run_ns INTEGER NOT NULL CHECK (run_ns >= 0), -- time it ran on a guest CPU
	io_ns INTEGER NOT NULL CHECK (io_ns >= 0), -- its I/O time, all categories
	category TEXT NOT NULL CHECK (category IN
		('RAM', 'ETHERNET', 'BUS', 'GPU', 'STORAGE', 'CACHE', 'COMPUTE')), -- its category
	share REAL NOT NULL CHECK (share BETWEEN 0 AND 1), -- of its I/O time in category
						-- (COMPUTE: 1 - io_ns / run_ns)
	PRIMARY KEY (trace_id, tid)
) STRICT;

-- A guest task's I/O per component (rows only where it has some).
CREATE TABLE guest_task_io (
	trace_id INTEGER NOT NULL,		-- guest trace
	tid INTEGER NOT NULL,			-- guest thread
	category TEXT NOT NULL CHECK (category IN
		('RAM', 'ETHERNET', 'BUS', 'GPU', 'STORAGE', 'CACHE')), -- component
	io_ns INTEGER NOT NULL CHECK (io_ns >= 0), -- I/O time: block in flight, io_ns per
						-- packet, handler time
	events INTEGER NOT NULL CHECK (events >= 0), -- requests, packets and handlers
	bytes INTEGER NOT NULL CHECK (bytes >= 0), -- bytes of its requests and packets
	share REAL NOT NULL CHECK (share BETWEEN 0 AND 1), -- of the task's I/O time
	util_pct REAL NOT NULL CHECK (util_pct >= 0), -- demand over the trace span, % of capacity
	PRIMARY KEY (trace_id, tid, category),
	FOREIGN KEY (trace_id, tid) REFERENCES guest_task(trace_id, tid) ON DELETE CASCADE
) STRICT;

-- How a guest trace without time sync was put on its host's clock at ingest:
-- host time = guest time + offset_ns.
CREATE TABLE guest_clock (
	guest_trace_id INTEGER PRIMARY KEY REFERENCES trace(trace_id) ON DELETE CASCADE, -- guest
	host_trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- its host
	offset_ns INTEGER NOT NULL,		-- added to every guest timestamp
	method TEXT NOT NULL CHECK (method IN ('markers', 'option')), -- marker pairs or
						-- --guest-offset
	pairs INTEGER NOT NULL CHECK (pairs >= 0), -- marker pairs found
	spread_ns INTEGER CHECK (spread_ns >= 0) -- markers: median pair offset minus the
						-- smallest (the console latency's jitter)
) STRICT;
