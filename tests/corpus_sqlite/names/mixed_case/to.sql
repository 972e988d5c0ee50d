CREATE TABLE "Notes" ("Id" INTEGER PRIMARY KEY, "Title" TEXT NOT NULL DEFAULT 'untitled');
CREATE INDEX "Notes_Title" ON "Notes" ("Title");
