-- ioaware schema, version 4: what `ioaware sweep` measures beyond schema 3's sweep_point.

-- More figures per sweep point (NULL on points stored before version 4).
ALTER TABLE sweep_point ADD COLUMN wait_p90_ns REAL;	-- 90th percentile wait (start - release)
ALTER TABLE sweep_point ADD COLUMN overlap_s REAL;	-- same-category overlap time, summed over components
ALTER TABLE sweep_point ADD COLUMN status TEXT;		-- solver status of the schedule (optimal, feasible, ...)
ALTER TABLE sweep_point ADD COLUMN solve_seconds REAL;	-- wall time spent computing the schedule

-- The distribution of a random sweep (`ioaware sweep --random N`): one row per figure and
-- policy, over N seeded synthetic scenarios.
CREATE TABLE sweep_stat (
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
);
