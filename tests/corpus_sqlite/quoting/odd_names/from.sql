CREATE TABLE "my ""table""" ("weird col" TEXT, "x'y" INTEGER, "ü" TEXT);
CREATE INDEX "idx ""q""" ON "my ""table""" ("weird col");
