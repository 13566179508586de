-- LibSys database schema (PostgreSQL). Loaded by hand on a new branch server; the code has
-- drifted from it since: `sessions` is created by the web server's session module and is not
-- here, and `reservations` has not been used since holds replaced it in 2009.

CREATE TABLE patrons (
    id          serial PRIMARY KEY,
    name        text NOT NULL,
    email       text,
    blocked     boolean NOT NULL DEFAULT false
);

CREATE TABLE addresses (
    id          serial PRIMARY KEY,
    patron_id   integer REFERENCES patrons (id),
    street      text, street2 text, city text, state char(2), zip text,
    is_primary  boolean NOT NULL DEFAULT false
);

CREATE TABLE books (id serial PRIMARY KEY, title text NOT NULL, isbn text);
CREATE TABLE authors (id serial PRIMARY KEY, name text NOT NULL);
CREATE TABLE book_authors (book_id integer REFERENCES books (id), author_id integer REFERENCES authors (id));
CREATE TABLE items (id serial PRIMARY KEY, book_id integer REFERENCES books (id), barcode text, status text);
CREATE TABLE branch_closures (branch text, closed_on date);

CREATE TABLE loans (
    id          serial PRIMARY KEY,
    item_id     integer REFERENCES items (id),
    patron_id   integer REFERENCES patrons (id),
    due_on      date NOT NULL,
    returned_on date
);

CREATE TABLE holds (id serial PRIMARY KEY, book_id integer, patron_id integer, placed_on date, status text);
CREATE TABLE fines (id serial PRIMARY KEY, loan_id integer REFERENCES loans (id), amount numeric(8,2), invoice_id integer);
CREATE TABLE invoices (id serial PRIMARY KEY, patron_id integer REFERENCES patrons (id), status text, total numeric(8,2));
CREATE TABLE invoice_lines (invoice_id integer REFERENCES invoices (id), fine_id integer, amount numeric(8,2));
CREATE TABLE payments (id serial PRIMARY KEY, invoice_id integer REFERENCES invoices (id), amount numeric(8,2), refunded boolean);
CREATE TABLE serial_subscriptions (id serial PRIMARY KEY, title_id integer, patron_id integer);
CREATE TABLE serial_claims (id serial PRIMARY KEY, subscription_id integer, claimed_on date);
CREATE TABLE notify_queue (id serial PRIMARY KEY, patron_id integer, body text, sent boolean);
CREATE TABLE audit_log (id serial PRIMARY KEY, actor text, action text, at timestamp);
CREATE TABLE api_clients (id serial PRIMARY KEY, key text UNIQUE, last_seen timestamp);

CREATE TABLE reservations (id serial PRIMARY KEY, book_id integer, patron_id integer);

-- Added with the self-checkout kiosks (DBIx::SearchBuilder, 2005) and the ILL desk (DBIx::Class, 2016).
CREATE TABLE patron_cards (id serial PRIMARY KEY, patron_id integer REFERENCES patrons (id), barcode text UNIQUE, expires date, last_used date, lost boolean);
CREATE TABLE ill_requests (id serial PRIMARY KEY, patron_id integer REFERENCES patrons (id), title text, isbn text, lender text, status text, requested_on date, received_on date);
