//! What each kind of statement reads, writes and defines, parsed and scanned.

use seam_sql::{looks_like_sql, tables, Access, Confidence, VARIABLE};

fn uses(sql: &str) -> (Vec<(String, Access)>, Confidence, Vec<Access>) {
    let t = tables(sql).unwrap_or_else(|| panic!("not SQL: {sql}"));
    (t.tables, t.confidence, t.dynamic)
}

fn exact(sql: &str, expected: &[(&str, Access)]) {
    let (found, confidence, _) = uses(sql);
    let expected: Vec<(String, Access)> =
        expected.iter().map(|(t, a)| (t.to_string(), *a)).collect();
    assert_eq!(found, expected, "{sql}");
    assert_eq!(confidence, Confidence::Exact, "{sql}");
}

use Access::{Ddl, Read, Write};

#[test]
fn reads() {
    exact("SELECT a FROM fines WHERE id = ?", &[("fines", Read)]);
    exact(
        "select f.a, p.b from Fines f join PATRONS p on p.id = f.patron left join loans l using (id)",
        &[("fines", Read), ("loans", Read), ("patrons", Read)],
    );
    exact(
        "SELECT * FROM loans WHERE patron IN (SELECT id FROM patrons WHERE x = $1)",
        &[("loans", Read), ("patrons", Read)],
    );
    exact(
        r#"SELECT * FROM "Public"."Fines", audit.log_entries"#,
        &[("audit.log_entries", Read), ("public.fines", Read)],
    );
    // a CTE name is not a table; its body's tables are read
    exact(
        "WITH due AS (SELECT * FROM loans WHERE due < now()) SELECT * FROM due JOIN patrons ON due.p = patrons.id",
        &[("loans", Read), ("patrons", Read)],
    );
    // a function in FROM is not a table
    exact("SELECT * FROM session_check(?, ?)", &[]);
    exact(
        "SELECT f.* FROM fines f, generate_series(1, 3) g",
        &[("fines", Read)],
    );
    // FOR UPDATE still reads
    exact(
        "SELECT * FROM loans WHERE id = ? FOR UPDATE",
        &[("loans", Read)],
    );
}

#[test]
fn writes() {
    exact(
        "INSERT INTO fines (patron, amount) VALUES (?, ?)",
        &[("fines", Write)],
    );
    exact(
        "insert into fines select * from fines_import",
        &[("fines", Write), ("fines_import", Read)],
    );
    exact(
        "UPDATE loans SET returned = now() WHERE id = ?",
        &[("loans", Write)],
    );
    exact(
        "UPDATE loans SET fine = f.amount FROM fines f WHERE f.loan = loans.id",
        &[("fines", Read), ("loans", Write)],
    );
    exact("DELETE FROM holds WHERE expires < ?", &[("holds", Write)]);
    exact(
        "DELETE FROM ONLY holds WHERE EXISTS (SELECT 1 FROM holds h2 WHERE h2.id = 1)",
        &[("holds", Read), ("holds", Write)],
    );
    exact(
        "UPDATE oe set\n  amount = ?\n WHERE id = ?",
        &[("oe", Write)],
    );
    exact(
        "REPLACE INTO settings (k, v) VALUES (?, ?)",
        &[("settings", Write)],
    );
    exact("TRUNCATE TABLE import_batch", &[("import_batch", Write)]);
    exact(
        "INSERT INTO loans (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET id = 2",
        &[("loans", Write)],
    );
}

#[test]
fn ddl() {
    exact(
        "CREATE TABLE fines (id serial primary key, amount numeric)",
        &[("fines", Ddl)],
    );
    exact(
        "CREATE TABLE IF NOT EXISTS fines (id int)",
        &[("fines", Ddl)],
    );
    exact("ALTER TABLE fines ADD COLUMN note text", &[("fines", Ddl)]);
    exact(
        "DROP TABLE IF EXISTS fines, old_fines",
        &[("fines", Ddl), ("old_fines", Ddl)],
    );
    exact(
        "CREATE UNIQUE INDEX fines_patron ON fines (patron)",
        &[("fines", Ddl)],
    );
}

#[test]
fn variables_in_table_positions_are_blind_spots_and_elsewhere_placeholders() {
    let sql = format!("SELECT * FROM {VARIABLE} WHERE id = {VARIABLE}");
    let (found, _, dynamic) = uses(&sql);
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(dynamic, [Read]);
    let (_, _, dynamic) = uses(&format!("INSERT INTO {VARIABLE}_log (a) VALUES (1)"));
    assert_eq!(dynamic, [Write]);
    // sprintf conversions are filled in later, like variables
    let (found, _, dynamic) = uses("ALTER TABLE %s ADD COLUMN %s %s");
    assert!(found.is_empty());
    assert_eq!(dynamic, [Ddl]);
    let (found, _, dynamic) = uses("SELECT name FROM users WHERE id = %d AND name LIKE '%%x'");
    assert_eq!(found, [("users".to_string(), Read)]);
    assert!(dynamic.is_empty());
    // a template placeholder filled in before the query runs
    let (found, _, dynamic) = uses("SELECT * FROM __TABLE__ WHERE id = ?");
    assert!(found.is_empty());
    assert_eq!(dynamic, [Read]);
    let sql = format!("SELECT name FROM patrons WHERE id = '{VARIABLE}' AND x = {VARIABLE}");
    let (found, confidence, dynamic) = uses(&sql);
    assert_eq!(found, [("patrons".to_string(), Read)]);
    assert_eq!((confidence, dynamic), (Confidence::Exact, vec![]));
}

#[test]
fn what_no_dialect_parses_is_scanned() {
    // Oracle-style outer join marker and a vendor hint: no dialect takes it
    let (found, confidence, _) =
        uses("SELECT /*+ FIRST_ROWS */ a FROM loans l, patrons p WHERE l.p = p.id(+) AND ROWNUM <= 5 CONNECT BY PRIOR x = y");
    assert_eq!(confidence, Confidence::Inferred);
    assert_eq!(
        found,
        [("loans".to_string(), Read), ("patrons".to_string(), Read)]
    );
    let (found, confidence, _) = uses("INSERT INTO fines VALUES (1, 2) RETURNING id INTO :x");
    assert_eq!(confidence, Confidence::Inferred, "{found:?}");
    assert!(found.contains(&("fines".to_string(), Write)), "{found:?}");
}

#[test]
fn prose_and_fragments_are_not_sql() {
    for text in [
        "Select a file to upload",
        "update",
        "Delete this entry?",
        "created by the nightly job",
        "selection",
        "",
        "with love",
    ] {
        assert!(!looks_like_sql(text), "{text}");
        assert!(tables(text).is_none(), "{text}");
    }
    assert!(looks_like_sql("  -- fetch\n  /* all */ (SELECT 1)"));
}

#[test]
fn huge_statements_are_scanned_not_parsed_and_stay_fast() {
    let insert = |rows: usize| {
        let mut sql = String::from("INSERT INTO big_table (a) VALUES ");
        for i in 0..rows {
            sql.push_str(&format!("({i}),"));
        }
        sql.push_str("(0)");
        sql
    };
    let timed = |sql: &str| {
        let start = std::time::Instant::now();
        let result = uses(sql);
        (start.elapsed().as_secs_f64(), result)
    };
    let (small, _) = timed(&insert(70_000));
    let sql = insert(700_000);
    assert!(sql.len() > 5_000_000);
    let (big, (found, confidence, _)) = timed(&sql);
    // ten times the text in at most ~30 times the time (a quadratic scan takes 100 times), with
    // an allowance for a loaded machine; measured against the small run of the same build
    assert!(big < 30.0 * small + 1.0, "{big:.2} s against {small:.2} s");
    assert_eq!(confidence, Confidence::Inferred);
    assert_eq!(found, [("big_table".to_string(), Write)]);
}
