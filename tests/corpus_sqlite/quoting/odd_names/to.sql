CREATE TABLE "my ""table""" ("weird col" TEXT NOT NULL DEFAULT 'it''s', "x'y" INTEGER, "ü" TEXT);
CREATE INDEX "idx ""q""" ON "my ""table""" ("weird col");
