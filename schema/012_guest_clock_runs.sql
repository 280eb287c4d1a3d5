-- ioaware schema, version 12: the guest clock's refinement by the vCPU's host runs.

-- A guest's events happen only while its vCPU runs: after the marker pairs, ingest moves the
-- guest by the shift (within -5 ms .. +0.5 ms) that puts the most guest events inside the host
-- run segments of their vCPU's thread. offset_ns includes it.
ALTER TABLE guest_clock ADD COLUMN refine_ns INTEGER;	-- the shift added to the markers'
							-- offset, NULL: not refined
ALTER TABLE guest_clock ADD COLUMN inside_pct REAL;	-- guest events inside their vCPU's
							-- host runs at offset_ns, %
ALTER TABLE guest_clock ADD COLUMN marker_inside_pct REAL; -- ... at the markers' offset, %
