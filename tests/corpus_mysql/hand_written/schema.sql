/* Hand-written DDL the way people write it: inline references, utf8, IF NOT EXISTS, comments. */
CREATE TABLE IF NOT EXISTS teams (
  id INT AUTO_INCREMENT PRIMARY KEY, -- surrogate key
  name VARCHAR(80) NOT NULL UNIQUE,
  motto VARCHAR(200) CHARACTER SET utf8 COLLATE utf8_unicode_ci /* legacy */ DEFAULT 'Go!'
) ENGINE = InnoDB DEFAULT CHARSET = utf8 COLLATE = utf8_unicode_ci;

CREATE TABLE IF NOT EXISTS players (
  id INT AUTO_INCREMENT,
  team_id INT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  coach_id INT REFERENCES players (id),
  `number` TINYINT UNSIGNED NOT NULL,
  joined DATE DEFAULT '2020-01-01',
  PRIMARY KEY (id),
  UNIQUE (team_id, `number`)
);
