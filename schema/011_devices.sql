-- ioaware schema, version 11: the devices behind the VMs' port I/O and MMIO exits (written by
-- `ioaware classify`, replaced per trace; listed by `ioaware show devices`).

-- One port, or one 4 KiB guest-physical page of MMIO, accessed by one VM: who names it (the
-- device map or a built-in device; NULL: an unknown device, whose exits are no evidence), and
-- what could be learnt about it from the I/O that followed its accesses.
CREATE TABLE device_access (
	trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- trace
	vm_id INTEGER NOT NULL REFERENCES vm(vm_id) ON DELETE CASCADE, -- VM that accessed it
	kind TEXT NOT NULL CHECK (kind IN ('port', 'mmio')), -- I/O port or MMIO page
	lo INTEGER NOT NULL CHECK (lo >= 0),	-- port, or first address of the page
	hi INTEGER NOT NULL CHECK (hi >= lo),	-- same port, or last address of the page
	name TEXT,			-- built-in device name, 'device map'; NULL unknown device
	category TEXT CHECK (category IN ('RAM', 'ETHERNET', 'BUS', 'GPU', 'STORAGE', 'CACHE',
		'OVERHEAD', 'NONE')),	-- what its exits counted for; NULL unknown device
	exits INTEGER NOT NULL CHECK (exits > 0), -- accesses (exits) in the trace
	exit_ns INTEGER NOT NULL CHECK (exit_ns >= 0), -- their time (exits without duration: 0)
	learnt_category TEXT CHECK (learnt_category IN ('RAM', 'ETHERNET', 'BUS', 'GPU', 'STORAGE',
		'CACHE')),		-- attributed from the I/O that followed; NULL nothing learnt
	learnt_device TEXT,		-- the I/O device behind most hits (tap0, 254,0, virtio0-input.0)
	hits INTEGER NOT NULL CHECK (hits >= 0), -- accesses followed by I/O of the best category
	base REAL CHECK (base BETWEEN 0 AND 1),	-- that category's base rate (a random moment)
	confidence REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1), -- hits/exits - base, at least 0
	PRIMARY KEY (trace_id, vm_id, kind, lo)
) STRICT;
