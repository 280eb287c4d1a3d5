-- ioaware schema, version 2: classification (filled in by `ioaware classify`).
SELECT 1;
