CREATE TABLE items (
  id bigint PRIMARY KEY,
  name text NOT NULL,
  sku text,
  note text DEFAULT '' NOT NULL
);
CREATE INDEX items_sku_idx ON items (sku);
CREATE INDEX items_name_idx ON items (name);
