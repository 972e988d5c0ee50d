CREATE TABLE "Notes" ("Id" INTEGER PRIMARY KEY, "Title" TEXT);
CREATE INDEX "Notes_Title" ON "Notes" ("Title");
