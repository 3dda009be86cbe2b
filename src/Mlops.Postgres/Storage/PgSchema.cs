namespace Mlops.Postgres;

/// <summary>
/// The team store's schema as its list of migrations, in schema <c>mlops</c>. Timestamps are <c>timestamptz</c>
/// (instants, read back as UTC); the metrics table has the embedded store's shape, with the index that history reads
/// need; decisions are append-only in the server itself (a trigger refuses UPDATE and DELETE for every role).
/// </summary>
internal static class PgSchema
{
    public static readonly IReadOnlyList<PgMigration> Migrations =
    [
        new(1, "experiment tracking and model registry", """
            -- a param or tag compared with a number: its text as a double, or NULL when it is not one (DuckDB's TRY_CAST)
            CREATE FUNCTION try_double(value text) RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                SELECT CASE WHEN value ~* '^\s*[-+]?(([0-9]+\.?[0-9]*|\.[0-9]+)(e[-+]?[0-9]+)?|nan|inf|infinity)\s*$'
                            THEN value::double precision END
            $$;
            CREATE TABLE experiments (
                experiment_id text PRIMARY KEY,
                name          text NOT NULL UNIQUE,
                created_at    timestamptz NOT NULL);
            -- run_key: a compact surrogate for the metrics table, where the 32-character run id on every point would cost
            CREATE TABLE runs (
                run_id        text PRIMARY KEY,
                run_key       integer GENERATED ALWAYS AS IDENTITY UNIQUE,
                experiment_id text NOT NULL REFERENCES experiments,
                name          text NOT NULL,
                status        text NOT NULL,
                start_time    timestamptz NOT NULL,
                end_time      timestamptz,
                parent_run_id text,
                note          text,
                status_reason text,
                owner_host    text,
                owner_pid     integer,
                owner_started timestamptz,
                environment   text);
            CREATE INDEX runs_by_start ON runs (start_time DESC, run_id);
            CREATE INDEX runs_by_experiment ON runs (experiment_id, start_time DESC);
            CREATE INDEX runs_by_parent ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;
            CREATE INDEX runs_running ON runs (owner_host) WHERE status = 'running';
            CREATE TABLE params (
                run_id text NOT NULL REFERENCES runs, key text NOT NULL, value text NOT NULL, PRIMARY KEY (run_id, key));
            CREATE INDEX params_by_key ON params (key, run_id);
            CREATE TABLE tags (
                run_id text NOT NULL REFERENCES runs, key text NOT NULL, value text NOT NULL, PRIMARY KEY (run_id, key));
            CREATE INDEX tags_by_key ON tags (key, run_id);
            -- a metric point is a row, never a column; no foreign key: a flush checks its runs once, not per row
            CREATE TABLE metrics (
                run_key integer NOT NULL, key text NOT NULL, step bigint NOT NULL, timestamp timestamptz NOT NULL, value double precision NOT NULL);
            -- a b-tree on run_key alone: a flush appends to one key's entries, which costs a COPY little (one on
            -- (run_key, key, step) made it four times slower), and a run's points are found without a scan
            CREATE INDEX metrics_by_run ON metrics (run_key);
            -- the flushes already stored: a flush retried after a dropped connection is recognised and not stored twice
            CREATE TABLE metric_flushes (flush_id uuid PRIMARY KEY, points integer NOT NULL, flushed_at timestamptz NOT NULL);
            CREATE TABLE metric_summaries (
                run_key     integer NOT NULL,
                key         text NOT NULL,
                latest      double precision NOT NULL,
                latest_step bigint NOT NULL,
                latest_time timestamptz NOT NULL,
                last_time   timestamptz NOT NULL,
                min_value   double precision,
                max_value   double precision,
                points      bigint NOT NULL,
                PRIMARY KEY (run_key, key));
            CREATE INDEX metric_summaries_by_key ON metric_summaries (key, latest);
            CREATE TABLE artifacts (
                run_id     text NOT NULL REFERENCES runs,
                name       text NOT NULL,
                digest     text NOT NULL,
                size_bytes bigint NOT NULL,
                created_at timestamptz NOT NULL,
                PRIMARY KEY (run_id, name));
            -- content-addressed bytes kept in the database (unless the location names a shared folder): sha256, in
            -- chunks of at most 1 MiB, so no value nears PostgreSQL's 1 GB limit and reads stream
            CREATE TABLE blobs (digest text PRIMARY KEY, size_bytes bigint NOT NULL, chunks integer NOT NULL, created_at timestamptz NOT NULL);
            CREATE TABLE blob_chunks (digest text NOT NULL, chunk integer NOT NULL, data bytea NOT NULL, PRIMARY KEY (digest, chunk));

            CREATE TABLE models (
                model_id   integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                name       text NOT NULL UNIQUE,
                created_at timestamptz NOT NULL);
            CREATE TABLE model_versions (
                model_id    integer NOT NULL REFERENCES models,
                version     integer NOT NULL,
                run_id      text NOT NULL,
                artifact    text NOT NULL,
                digest      text NOT NULL,
                size_bytes  bigint NOT NULL,
                signature   text NOT NULL,
                metrics     text NOT NULL,
                params      text NOT NULL,
                inputs      text NOT NULL,
                description text,
                created_by  text NOT NULL,
                created_at  timestamptz NOT NULL,
                PRIMARY KEY (model_id, version));
            CREATE TABLE model_aliases (
                model_id   integer NOT NULL REFERENCES models,
                alias      text NOT NULL,
                version    integer NOT NULL,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (model_id, alias));
            CREATE TABLE model_decisions (
                decision_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                model_id          integer NOT NULL REFERENCES models,
                alias             text NOT NULL,
                outcome           text NOT NULL,
                candidate         integer NOT NULL,
                incumbent         integer,
                dataset           text,
                dataset_version   integer,
                dataset_digest    text,
                gate              text,
                terms             text NOT NULL,
                candidate_metrics text NOT NULL,
                incumbent_metrics text NOT NULL,
                reason            text,
                decided_by        text NOT NULL,
                decided_by_role   text NOT NULL DEFAULT current_user,
                decided_at        timestamptz NOT NULL);
            CREATE FUNCTION refuse_decision_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'promotion decisions are append-only: % refused', TG_OP
                    USING ERRCODE = 'insufficient_privilege';
            END $$;
            CREATE TRIGGER decisions_append_only BEFORE UPDATE OR DELETE ON model_decisions
                FOR EACH ROW EXECUTE FUNCTION refuse_decision_change();
            CREATE TRIGGER decisions_no_truncate BEFORE TRUNCATE ON model_decisions
                FOR EACH STATEMENT EXECUTE FUNCTION refuse_decision_change();
            """),
        new(2, "run heartbeats", """
            -- the owner of a running run renews this every few seconds; a run whose heartbeat went stale is seen as killed
            -- by any client on any machine (a process id means nothing on another host)
            ALTER TABLE runs ADD COLUMN heartbeat timestamptz;
            UPDATE runs SET heartbeat = now() WHERE status = 'running';
            """),
        new(3, "dataset versions", """
            -- one history table per dataset (table_name): each distinct row once with its row hash, present in versions
            -- [__from, __to); rows are compared by hash, so storage grows with the rows that change
            CREATE TABLE datasets (
                dataset_id  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                name        text NOT NULL UNIQUE,
                key_columns text NOT NULL,
                table_name  text NOT NULL,
                created_at  timestamptz NOT NULL);
            CREATE TABLE dataset_columns (dataset_id integer NOT NULL REFERENCES datasets, physical text NOT NULL, type text NOT NULL);
            CREATE TABLE dataset_versions (
                dataset_id         integer NOT NULL REFERENCES datasets,
                version            integer NOT NULL,
                digest             text NOT NULL,
                schema             text NOT NULL,
                row_count          bigint NOT NULL,
                added              bigint NOT NULL,
                removed            bigint NOT NULL,
                changed            bigint,
                message            text,
                author             text NOT NULL,
                created_at         timestamptz NOT NULL,
                source             text NOT NULL,
                source_fingerprint text,
                PRIMARY KEY (dataset_id, version));
            CREATE INDEX dataset_versions_by_digest ON dataset_versions (digest);
            CREATE TABLE run_inputs (
                run_id     text NOT NULL,
                dataset_id integer NOT NULL REFERENCES datasets,
                version    integer NOT NULL,
                kind       text NOT NULL,
                used_at    timestamptz NOT NULL,
                PRIMARY KEY (run_id, dataset_id, version, kind));
            CREATE INDEX run_inputs_by_version ON run_inputs (dataset_id, version);
            -- digests a version had before a redefinition of the digest (none yet on this engine; kept for copies)
            CREATE TABLE dataset_former_digests (dataset_id integer NOT NULL REFERENCES datasets, version integer NOT NULL, digest text NOT NULL);
            """),
        new(4, "lifecycle", """
            -- a delete hides (deleted_at); only gc removes, and every delete, restore, rename and purge is kept in the trail,
            -- which no role may change or shorten
            ALTER TABLE runs ADD COLUMN deleted_at timestamptz;
            ALTER TABLE experiments ADD COLUMN deleted_at timestamptz;
            ALTER TABLE model_versions ADD COLUMN deleted_at timestamptz;
            CREATE TABLE lifecycle_events (
                event_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                event_at timestamptz NOT NULL,
                who      text NOT NULL,
                action   text NOT NULL,
                kind     text NOT NULL,
                target   text NOT NULL,
                detail   text);
            CREATE FUNCTION refuse_lifecycle_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'the lifecycle trail is append-only: % of lifecycle_events is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
            END $$;
            CREATE TRIGGER lifecycle_no_change BEFORE UPDATE OR DELETE ON lifecycle_events FOR EACH ROW EXECUTE FUNCTION refuse_lifecycle_change();
            CREATE TRIGGER lifecycle_no_truncate BEFORE TRUNCATE ON lifecycle_events FOR EACH STATEMENT EXECUTE FUNCTION refuse_lifecycle_change();
            """),
        new(5, "dataset version lifecycle", """
            -- a deleted version leaves logs until restored; gc purges its rows and keeps its catalog row, so its number is
            -- never given again and its digest stays for the record
            ALTER TABLE dataset_versions ADD COLUMN deleted_at timestamptz;
            ALTER TABLE dataset_versions ADD COLUMN purged_at timestamptz;
            -- the key each version's change counts were taken by (a key can change between versions)
            ALTER TABLE dataset_versions ADD COLUMN key_columns text;
            """),
    ];

    public static int Latest => Migrations[^1].Version;
}
