-- The blog, version 2: title grows, posts get a status enum, the view shows tags.
CREATE TYPE post_status AS ENUM ('draft', 'published', 'hidden');
CREATE TABLE authors (
  id serial PRIMARY KEY,
  name varchar(100) NOT NULL,
  bio text,
  website text
);
CREATE TABLE posts (
  id serial PRIMARY KEY,
  author_id int NOT NULL REFERENCES authors(id),
  title varchar(300) NOT NULL,
  slug varchar(200) NOT NULL UNIQUE,
  body text NOT NULL DEFAULT '',
  published boolean NOT NULL DEFAULT false,
  status post_status NOT NULL DEFAULT 'draft',
  published_at timestamp,
  search tsvector
);
CREATE INDEX posts_search_idx ON posts USING gin (search);
CREATE INDEX posts_published_idx ON posts (published_at DESC) WHERE published;
CREATE TABLE tags (id serial PRIMARY KEY, name text NOT NULL UNIQUE, color char(7));
CREATE TABLE post_tags (
  post_id int NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  tag_id int NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  PRIMARY KEY (post_id, tag_id)
);

CREATE FUNCTION unaccent_string(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT translate(t, 'áéíóúäöü', 'aeiouaou') $$;
CREATE FUNCTION slugify(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT trim(both '-' from regexp_replace(lower(unaccent_string(t)), '[^a-z0-9]+', '-', 'g')) $$;
CREATE FUNCTION posts_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search := setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
                setweight(to_tsvector('english', coalesce(NEW.body, '')), 'B');
  RETURN NEW;
END
$$;
CREATE TRIGGER posts_search BEFORE INSERT OR UPDATE OF title, body ON posts
  FOR EACH ROW EXECUTE PROCEDURE posts_search_update();

CREATE VIEW published_posts AS
  SELECT p.id, p.title, p.slug, a.name AS author, p.published_at,
    array(SELECT t.name FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = p.id) AS tags
  FROM posts p JOIN authors a ON a.id = p.author_id
  WHERE p.status = 'published';

COMMENT ON TABLE posts IS 'blog posts';
COMMENT ON COLUMN posts.search IS 'maintained by the posts_search trigger';
COMMENT ON FUNCTION slugify(text) IS 'url-safe form of a title, accents removed';
COMMENT ON TYPE post_status IS 'where a post is in its life';
