-- TEST FIXTURE ONLY (tests/cli/report.sh, the report benchmark): a synthetic scenario of
-- 100,000 tasks on 8 pCPUs with two schedules (baseline, optimized), their utilisation series
-- and metrics, to measure how fast and how large a report of 100,000 segments is. The figures
-- are made up; apply to any migrated database: sqlite3 DB < tests/data/report_100k.sql

BEGIN;

INSERT INTO scenario (name, source, pcpus, mode, cap_pct, objective, params, seed, created)
VALUES ('fixture: 100,000 synthetic tasks on 8 pCPUs', 'synth', 8, 'strict', 100, 'makespan',
	'{"fixture": true}', 1, '2026-01-01T00:00:00Z');
CREATE TEMP TABLE sc AS SELECT MAX(scenario_id) AS id FROM scenario;

-- 100,000 tasks: 12,500 per chain on 8 chains, 20..80 µs each, released every 100 µs
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999)
INSERT INTO task (scenario_id, task_id, vm_id, vcpu, chain, release_ns, dur_ns, category,
		  util_pct)
SELECT (SELECT id FROM sc), i, NULL, i % 8, i % 8, (i / 8) * 100000,
       20000 + (i * 7919) % 60000,
       CASE (i * 31) % 7 WHEN 0 THEN 'RAM' WHEN 1 THEN 'ETHERNET' WHEN 2 THEN 'BUS'
			 WHEN 3 THEN 'GPU' WHEN 4 THEN 'STORAGE' WHEN 5 THEN 'CACHE'
			 ELSE 'COMPUTE' END,
       30 + (i * 13) % 50
FROM n;

INSERT INTO schedule (scenario_id, kind, status, objective, bound, gap, makespan_ns,
		      solve_seconds, params, created)
SELECT id, 'baseline', 'feasible', NULL, NULL, NULL, NULL, 0.1, '{}', '2026-01-01T00:00:00Z'
FROM sc;
INSERT INTO schedule (scenario_id, kind, status, objective, bound, gap, makespan_ns,
		      solve_seconds, params, created)
SELECT id, 'optimized', 'feasible', NULL, NULL, 0.02, NULL, 30, '{}', '2026-01-01T00:00:00Z'
FROM sc;

INSERT INTO placement
SELECT s.schedule_id, t.task_id, t.chain,
       t.release_ns + CASE s.kind WHEN 'optimized' THEN (t.task_id % 8) * 2500 ELSE 0 END,
       t.release_ns + CASE s.kind WHEN 'optimized' THEN (t.task_id % 8) * 2500 ELSE 0 END
		    + t.dur_ns
FROM task t JOIN schedule s ON s.scenario_id = t.scenario_id
WHERE t.scenario_id = (SELECT id FROM sc);

UPDATE schedule SET makespan_ns = (SELECT MAX(end_ns) - MIN(start_ns) FROM placement p
				   WHERE p.schedule_id = schedule.schedule_id)
WHERE scenario_id = (SELECT id FROM sc);

INSERT INTO util_series
SELECT schedule_id, category, t, SUM(d) OVER (PARTITION BY schedule_id, category ORDER BY t
					       ROWS UNBOUNDED PRECEDING)
FROM (SELECT schedule_id, category, t, SUM(d) AS d FROM (
	SELECT p.schedule_id, t.category, p.start_ns AS t, t.util_pct AS d FROM placement p
	JOIN schedule s ON s.schedule_id = p.schedule_id
	JOIN task t ON t.scenario_id = s.scenario_id AND t.task_id = p.task_id
	WHERE s.scenario_id = (SELECT id FROM sc) AND t.category <> 'COMPUTE'
	UNION ALL
	SELECT p.schedule_id, t.category, p.end_ns, -t.util_pct FROM placement p
	JOIN schedule s ON s.schedule_id = p.schedule_id
	JOIN task t ON t.scenario_id = s.scenario_id AND t.task_id = p.task_id
	WHERE s.scenario_id = (SELECT id FROM sc) AND t.category <> 'COMPUTE')
      GROUP BY schedule_id, category, t);

INSERT INTO metric
SELECT u.schedule_id, 'component', u.component, 'max_util_pct', MAX(u.util_pct)
FROM util_series u JOIN schedule s ON s.schedule_id = u.schedule_id
WHERE s.scenario_id = (SELECT id FROM sc) GROUP BY u.schedule_id, u.component;

COMMIT;
