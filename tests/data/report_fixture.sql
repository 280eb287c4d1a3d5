-- TEST FIXTURE ONLY (tests/cli/report.sh): a plausible classification, scenario, four
-- schedules, simulated metrics, utilisation series and a sweep, made up over the vCPU runs
-- of traces/kvm-tiny.dat after `ioaware ingest`, so that every report page has data before
-- the real stages have run. None of these figures comes from ioaware's own algorithms.
-- Apply with: sqlite3 DB < tests/data/report_fixture.sql

BEGIN;

-- vm 1's vCPUs do port I/O on the serial port (BUS), vm 2 on the ATA port (STORAGE);
-- every 7th run is plain compute, every 11th a RAM-heavy one
INSERT INTO classification (segment_id, category, util_pct, confidence, evidence)
SELECT segment_id,
       CASE WHEN segment_id % 7 = 0 THEN 'COMPUTE' WHEN segment_id % 11 = 0 THEN 'RAM'
            WHEN vm_id = 1 THEN 'BUS' ELSE 'STORAGE' END,
       CASE WHEN segment_id % 7 = 0 THEN 0 WHEN segment_id % 11 = 0 THEN 45
            WHEN vm_id = 1 THEN 60 ELSE 70 END,
       0.55 + (segment_id % 40) / 100.0, '{"fixture": true}'
FROM vcpu_segments WHERE trace_id = 1;

INSERT INTO scenario (scenario_id, trace_id, name, source, window_start_ns, window_end_ns,
		      pcpus, mode, cap_pct, objective, params, seed, created)
VALUES (1, 1, 'fixture: kvm-tiny whole trace on 2 pCPUs', 'trace', NULL, NULL, 2, 'strict',
	100, 'makespan', '{"fixture": true}', NULL, '2026-01-01T00:00:00Z');

INSERT INTO task (scenario_id, task_id, segment_id, vm_id, vcpu, chain, release_ns, dur_ns,
		  category, util_pct)
SELECT 1, ROW_NUMBER() OVER (ORDER BY s.start_ns, s.segment_id) - 1, s.segment_id, s.vm_id,
       s.vcpu, s.tid, s.start_ns, s.dur_ns, c.category, c.util_pct
FROM vcpu_segments s JOIN classification c USING (segment_id) WHERE s.trace_id = 1;

INSERT INTO schedule (schedule_id, scenario_id, kind, status, objective, bound, gap,
		      makespan_ns, solve_seconds, params, created) VALUES
	(1, 1, 'as-traced', 'feasible', NULL, NULL, NULL, NULL, 0, '{}', '2026-01-01T00:00:00Z'),
	(2, 1, 'baseline', 'feasible', NULL, NULL, NULL, NULL, 0.01, '{}', '2026-01-01T00:00:00Z'),
	(3, 1, 'online', 'feasible', NULL, NULL, NULL, NULL, 0.02, '{}', '2026-01-01T00:00:00Z'),
	(4, 1, 'optimized', 'time_limit', NULL, NULL, NULL, NULL, 12.5, '{}',
	 '2026-01-01T00:00:00Z');

-- as traced: where the runs were; baseline and online: alternate pCPUs and delay some runs
-- (which makes same-category runs overlap); optimized: one pCPU per vCPU chain, 2 µs late
INSERT INTO placement SELECT 1, t.task_id, s.cpu, s.start_ns, s.end_ns
FROM task t JOIN segment s USING (segment_id) WHERE t.scenario_id = 1;
INSERT INTO placement SELECT 2, task_id, task_id % 2, release_ns + (task_id % 3) * 15000,
       release_ns + (task_id % 3) * 15000 + dur_ns FROM task WHERE scenario_id = 1;
INSERT INTO placement SELECT 3, task_id, task_id % 2, release_ns + (task_id % 5) * 9000,
       release_ns + (task_id % 5) * 9000 + dur_ns FROM task WHERE scenario_id = 1;
INSERT INTO placement SELECT 4, task_id, chain % 2, release_ns + 2000,
       release_ns + 2000 + dur_ns FROM task WHERE scenario_id = 1;

UPDATE schedule SET makespan_ns = (SELECT MAX(p.end_ns) - MIN(t.release_ns) FROM placement p
	JOIN task t ON t.scenario_id = 1 AND t.task_id = p.task_id
	WHERE p.schedule_id = schedule.schedule_id);
UPDATE schedule SET objective = makespan_ns, bound = makespan_ns * 0.97, gap = 0.03
WHERE kind = 'optimized';

-- utilisation: the running sum of the demands of overlapping placements per component
INSERT INTO util_series
SELECT schedule_id, category, t, SUM(d) OVER (PARTITION BY schedule_id, category ORDER BY t
					       ROWS UNBOUNDED PRECEDING)
FROM (SELECT schedule_id, category, t, SUM(d) AS d FROM (
	SELECT p.schedule_id, t.category, p.start_ns AS t, t.util_pct AS d FROM placement p
	JOIN task t ON t.scenario_id = 1 AND t.task_id = p.task_id WHERE t.category <> 'COMPUTE'
	UNION ALL
	SELECT p.schedule_id, t.category, p.end_ns, -t.util_pct FROM placement p
	JOIN task t ON t.scenario_id = 1 AND t.task_id = p.task_id WHERE t.category <> 'COMPUTE')
      GROUP BY schedule_id, category, t);

CREATE TEMP TABLE step AS
SELECT schedule_id, component, t_ns, util_pct,
       LEAD(t_ns) OVER (PARTITION BY schedule_id, component ORDER BY t_ns) - t_ns AS len
FROM util_series;

INSERT INTO metric
SELECT schedule_id, 'component', component, 'max_util_pct', MAX(util_pct) FROM step
GROUP BY schedule_id, component;
INSERT INTO metric
SELECT s.schedule_id, 'component', component, 'avg_util_pct',
       SUM(util_pct * len) / MAX(1, k.makespan_ns)
FROM step s JOIN schedule k USING (schedule_id) WHERE len IS NOT NULL
GROUP BY s.schedule_id, component;
INSERT INTO metric
SELECT schedule_id, 'component', component, 'overload_s',
       COALESCE(SUM(CASE WHEN util_pct > 100 THEN len END), 0) / 1e9
FROM step GROUP BY schedule_id, component;
INSERT INTO metric
SELECT schedule_id, 'schedule', '', 'overload_s', SUM(value) FROM metric
WHERE scope = 'component' AND name = 'overload_s' GROUP BY schedule_id;
INSERT INTO metric
SELECT p.schedule_id, 'schedule', '', 'wait_mean_s', AVG(p.start_ns - t.release_ns) / 1e9
FROM placement p JOIN task t ON t.scenario_id = 1 AND t.task_id = p.task_id
GROUP BY p.schedule_id;
INSERT INTO metric
SELECT schedule_id, 'pcpu', pcpu, 'busy_s', SUM(end_ns - start_ns) / 1e9 FROM placement
GROUP BY schedule_id, pcpu;

-- a what-if sweep over 1..4 pCPUs, strict and a 150 % cap
WITH RECURSIVE p(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM p WHERE n < 4),
     k(kind, f) AS (VALUES ('baseline', 1.0), ('online', 1.08), ('optimized', 1.02)),
     m(mode, cap) AS (VALUES ('strict', 100.0), ('overlap', 150.0))
INSERT INTO sweep_point (scenario_id, pcpus, mode, cap_pct, kind, makespan_ns, overload_s,
			 wait_mean_ns, peaks)
SELECT 1, n, mode, cap, kind,
       CAST(1503000000 * f * (1 + 0.9 / n) / (CASE mode WHEN 'strict' THEN 1 ELSE 1.1 END) AS INTEGER),
       CASE kind WHEN 'baseline' THEN 0.21 / n ELSE 0 END, 40000.0 * f * n,
       '{"BUS": ' || (CASE kind WHEN 'baseline' THEN 120 ELSE 60 END) || ', "STORAGE": 70'
       || ', "RAM": ' || (45 * MIN(n, 2)) || '}'
FROM p, k, m;

COMMIT;
