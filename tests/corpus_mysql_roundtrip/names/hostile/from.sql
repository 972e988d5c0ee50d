CREATE TABLE `we``ird tbl` (`id` INT PRIMARY KEY, `col ``a'` VARCHAR(10), `legacy\\x` INT);
