-- Shop schema, version 2
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped', 'refunded');

CREATE TABLE customers ( -- @renamed from=customer
  id serial PRIMARY KEY,
  first_name text NOT NULL,
  last_name text NOT NULL,
  email varchar(255) NOT NULL UNIQUE,
  phone varchar(20)
);

CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES customers (id),
  total_cents bigint NOT NULL,
  status order_status NOT NULL DEFAULT 'new',
  note varchar(200),
  created_at timestamp NOT NULL DEFAULT now(),
  channel text NOT NULL DEFAULT 'web'
);

CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE INDEX orders_open_idx ON orders (created_at) WHERE status IN ('new', 'paid');
