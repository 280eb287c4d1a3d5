-- ioaware schema, version 10: interference between VMs.

-- For each pair of VMs of a schedule and each I/O component: how long both ran a vCPU segment
-- of that component's category at the same time (planned placements). Written by optimize for
-- the as-traced and baseline schedules; only pairs that overlap. A VM is (vm_id, copy), as in
-- task.
CREATE TABLE interference (
	schedule_id INTEGER NOT NULL REFERENCES schedule(schedule_id) ON DELETE CASCADE, -- schedule
	vm_a INTEGER NOT NULL,		-- first VM (vm_id), the smaller (vm_id, copy)
	copy_a INTEGER NOT NULL CHECK (copy_a >= 0), -- its copy (task.copy)
	vm_b INTEGER NOT NULL,		-- second VM
	copy_b INTEGER NOT NULL CHECK (copy_b >= 0), -- its copy
	component TEXT NOT NULL CHECK (component IN ('RAM', 'ETHERNET', 'BUS', 'GPU', 'STORAGE',
		'CACHE')),		-- the component both used
	overlap_ns INTEGER NOT NULL CHECK (overlap_ns > 0), -- time both ran it at once
	PRIMARY KEY (schedule_id, vm_a, copy_a, vm_b, copy_b, component),
	CHECK (vm_a < vm_b OR (vm_a = vm_b AND copy_a < copy_b))
) STRICT;
