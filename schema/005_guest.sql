-- ioaware schema, version 5: host + guest recordings.

-- Guest CPU n of a guest trace runs on host thread host_tid of its host trace (trace-cmd's
-- GUEST option of the host file). Guest events are stored on the host clock.
CREATE TABLE guest_vcpu (
	guest_trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- guest trace
	guest_cpu INTEGER NOT NULL,	-- CPU number inside the guest (= vCPU index)
	host_trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- host trace
	host_tid INTEGER NOT NULL,	-- host thread that runs this vCPU
	guest_name TEXT,		-- the guest's name as trace-cmd recorded it
	PRIMARY KEY (guest_trace_id, guest_cpu)
);
