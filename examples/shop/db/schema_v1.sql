-- Shop schema, version 1
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped');

CREATE TABLE customer (
  id serial PRIMARY KEY,
  full_name text NOT NULL,
  email varchar(120) NOT NULL UNIQUE,
  phone varchar(20),
  newsletter boolean DEFAULT false
);

CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  customer_id integer REFERENCES customer (id),
  total text,
  status order_status NOT NULL DEFAULT 'new',
  note varchar(500),
  created_at timestamp NOT NULL DEFAULT now()
);

CREATE INDEX orders_customer_idx ON orders (customer_id);
