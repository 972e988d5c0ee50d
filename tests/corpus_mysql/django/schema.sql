--
-- Create model Author (Django sqlmigrate output)
--
CREATE TABLE `library_author` (`id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY, `name` varchar(100) NOT NULL, `born` date NULL);
--
-- Create model Book
--
CREATE TABLE `library_book` (`id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY, `title` varchar(200) NOT NULL, `isbn` varchar(13) NOT NULL UNIQUE, `pages` integer UNSIGNED NOT NULL CHECK (`pages` >= 0), `author_id` bigint NOT NULL);
ALTER TABLE `library_book` ADD CONSTRAINT `library_book_author_id_5a5c5f5f_fk_library_author_id` FOREIGN KEY (`author_id`) REFERENCES `library_author` (`id`);
CREATE INDEX `library_book_title_3c0f8a1e` ON `library_book` (`title`);
