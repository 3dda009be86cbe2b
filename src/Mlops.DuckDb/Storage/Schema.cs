namespace Mlops.DuckDb;

/// <summary>
/// The store schema as its list of migrations. A store written by an older version is brought forward when opened;
/// a store written by a newer version is refused rather than misread.
/// </summary>
internal static class Schema
{
    public static readonly IReadOnlyList<Migration> Migrations =
    [
        new(1, "experiment tracking", """
            CREATE TABLE experiments (
                experiment_id VARCHAR PRIMARY KEY,
                name          VARCHAR NOT NULL UNIQUE,
                created_at    TIMESTAMP NOT NULL);
            -- run_key: a compact surrogate for the metrics table, where the 32-character run id on every point would
            -- cost memory while appending and time when joining
            CREATE SEQUENCE run_keys START 1;
            CREATE TABLE runs (
                run_id        VARCHAR PRIMARY KEY,
                run_key       INTEGER NOT NULL UNIQUE DEFAULT nextval('run_keys'),
                experiment_id VARCHAR NOT NULL,
                name          VARCHAR NOT NULL,
                status        VARCHAR NOT NULL,
                start_time    TIMESTAMP NOT NULL,
                end_time      TIMESTAMP,
                parent_run_id VARCHAR,
                note          VARCHAR,
                status_reason VARCHAR,
                owner_host    VARCHAR,
                owner_pid     INTEGER,
                owner_started TIMESTAMP,
                environment   VARCHAR);
            CREATE TABLE params (
                run_id VARCHAR NOT NULL, key VARCHAR NOT NULL, value VARCHAR NOT NULL, PRIMARY KEY (run_id, key));
            CREATE TABLE tags (
                run_id VARCHAR NOT NULL, key VARCHAR NOT NULL, value VARCHAR NOT NULL, PRIMARY KEY (run_id, key));
            -- a metric point is a row, never a column: 10^4 distinct metric names cost nothing special
            CREATE TABLE metrics (
                run_key INTEGER NOT NULL, key VARCHAR NOT NULL, step BIGINT NOT NULL, timestamp TIMESTAMP NOT NULL, value DOUBLE NOT NULL);
            CREATE TABLE artifacts (
                run_id     VARCHAR NOT NULL,
                name       VARCHAR NOT NULL,
                digest     VARCHAR NOT NULL,
                size_bytes BIGINT NOT NULL,
                created_at TIMESTAMP NOT NULL,
                PRIMARY KEY (run_id, name));
            """),
        new(2, "dataset versions", """
            CREATE SEQUENCE dataset_ids START 1;
            -- one history table per dataset (table_name): each distinct row once, present in versions [__from, __to).
            -- The tables a commit writes to carry no index: a DuckDB checkpoint rewrites a changed table's index whole,
            -- which would cost every commit blocks of file; uniqueness holds because commits are serialized.
            CREATE TABLE datasets (
                dataset_id  INTEGER PRIMARY KEY DEFAULT nextval('dataset_ids'),
                name        VARCHAR NOT NULL UNIQUE,
                key_columns VARCHAR NOT NULL,
                table_name  VARCHAR NOT NULL,
                created_at  TIMESTAMP NOT NULL);
            -- the physical columns of a history table; a version maps its logical columns onto them
            CREATE TABLE dataset_columns (
                dataset_id INTEGER NOT NULL, physical VARCHAR NOT NULL, type VARCHAR NOT NULL);
            CREATE TABLE dataset_versions (
                dataset_id         INTEGER NOT NULL,
                version            INTEGER NOT NULL,
                digest             VARCHAR NOT NULL,
                schema             VARCHAR NOT NULL,
                row_count          BIGINT NOT NULL,
                added              BIGINT NOT NULL,
                removed            BIGINT NOT NULL,
                changed            BIGINT,
                message            VARCHAR,
                author             VARCHAR NOT NULL,
                created_at         TIMESTAMP NOT NULL,
                source             VARCHAR NOT NULL,
                source_fingerprint VARCHAR);
            CREATE TABLE run_inputs (
                run_id     VARCHAR NOT NULL,
                dataset_id INTEGER NOT NULL,
                version    INTEGER NOT NULL,
                kind       VARCHAR NOT NULL,
                used_at    TIMESTAMP NOT NULL);
            """),
        new(3, "metric summaries", """
            -- per run and metric: the latest value (by step, then time), extremes without NaN, and the point count;
            -- kept up to date with every batch of points, so lists, filters and cards never aggregate the long table
            CREATE TABLE metric_summaries (
                run_key     INTEGER NOT NULL,
                key         VARCHAR NOT NULL,
                latest      DOUBLE NOT NULL,
                latest_step BIGINT NOT NULL,
                latest_time TIMESTAMP NOT NULL,
                last_time   TIMESTAMP NOT NULL,
                min_value   DOUBLE,
                max_value   DOUBLE,
                points      BIGINT NOT NULL,
                PRIMARY KEY (run_key, key));
            INSERT INTO metric_summaries
            SELECT run_key, key, arg_max(value, (step, timestamp)), max(step), arg_max(timestamp, (step, timestamp)), max(timestamp),
                   min(value) FILTER (WHERE NOT isnan(value)), max(value) FILTER (WHERE NOT isnan(value)), count(*)
            FROM metrics GROUP BY run_key, key;
            """),
        new(4, "model registry", """
            CREATE SEQUENCE model_ids START 1;
            CREATE TABLE models (
                model_id   INTEGER PRIMARY KEY DEFAULT nextval('model_ids'),
                name       VARCHAR NOT NULL UNIQUE,
                created_at TIMESTAMP NOT NULL);
            -- a version points at the bytes of an artifact of its source run (by digest); signature, metrics, params
            -- and dataset inputs are a snapshot taken at registration, as JSON
            CREATE TABLE model_versions (
                model_id    INTEGER NOT NULL,
                version     INTEGER NOT NULL,
                run_id      VARCHAR NOT NULL,
                artifact    VARCHAR NOT NULL,
                digest      VARCHAR NOT NULL,
                size_bytes  BIGINT NOT NULL,
                signature   VARCHAR NOT NULL,
                metrics     VARCHAR NOT NULL,
                params      VARCHAR NOT NULL,
                inputs      VARCHAR NOT NULL,
                description VARCHAR,
                created_by  VARCHAR NOT NULL,
                created_at  TIMESTAMP NOT NULL,
                PRIMARY KEY (model_id, version));
            CREATE TABLE model_aliases (
                model_id   INTEGER NOT NULL,
                alias      VARCHAR NOT NULL,
                version    INTEGER NOT NULL,
                updated_at TIMESTAMP NOT NULL,
                PRIMARY KEY (model_id, alias));
            -- append-only: nothing in the store updates or deletes a decision
            CREATE SEQUENCE decision_ids START 1;
            CREATE TABLE model_decisions (
                decision_id       BIGINT PRIMARY KEY DEFAULT nextval('decision_ids'),
                model_id          INTEGER NOT NULL,
                alias             VARCHAR NOT NULL,
                outcome           VARCHAR NOT NULL,
                candidate         INTEGER NOT NULL,
                incumbent         INTEGER,
                dataset           VARCHAR,
                dataset_version   INTEGER,
                dataset_digest    VARCHAR,
                gate              VARCHAR,
                terms             VARCHAR NOT NULL,
                candidate_metrics VARCHAR NOT NULL,
                incumbent_metrics VARCHAR NOT NULL,
                reason            VARCHAR,
                decided_by        VARCHAR NOT NULL,
                decided_at        TIMESTAMP NOT NULL);
            """),
        new(5, "stable dataset digests", DigestMigration.Sql, DigestMigration.Apply),
        new(6, "dataset views for other DuckDB clients", DatasetViewsSql.CreateSql, DatasetViewsSql.CreateAll),
        new(7, "lifecycle", """
            -- a delete hides (deleted_at); only gc removes, and every delete, restore, rename and purge is kept in the trail
            ALTER TABLE runs ADD COLUMN IF NOT EXISTS deleted_at TIMESTAMP;
            ALTER TABLE experiments ADD COLUMN IF NOT EXISTS deleted_at TIMESTAMP;
            ALTER TABLE model_versions ADD COLUMN IF NOT EXISTS deleted_at TIMESTAMP;
            CREATE SEQUENCE IF NOT EXISTS lifecycle_ids START 1;
            CREATE TABLE IF NOT EXISTS lifecycle_events (
                event_id BIGINT PRIMARY KEY DEFAULT nextval('lifecycle_ids'),
                event_at TIMESTAMP NOT NULL,
                who      VARCHAR NOT NULL,
                action   VARCHAR NOT NULL,
                kind     VARCHAR NOT NULL,
                target   VARCHAR NOT NULL,
                detail   VARCHAR);
            """),
        new(8, "dataset version lifecycle", """
            -- a deleted version leaves logs and views until restored; gc purges its rows and keeps its catalog row, so
            -- its number is never given again and its digest stays for the record
            ALTER TABLE dataset_versions ADD COLUMN IF NOT EXISTS deleted_at TIMESTAMP;
            ALTER TABLE dataset_versions ADD COLUMN IF NOT EXISTS purged_at TIMESTAMP;
            -- the key each version's change counts were taken by (a key can change between versions)
            ALTER TABLE dataset_versions ADD COLUMN IF NOT EXISTS key_columns VARCHAR;
            """ + DatasetViewsSql.LifecycleSql),
    ];

    public static int Latest => Migrations[^1].Version;
}
