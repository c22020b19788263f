-- What each recipient was given and on what basis (domain.md: a disclosure log row records the legal
-- basis and what data). Set when the message is translated for the recipient.
alter table delivery add column legal_basis varchar(300);
alter table delivery add column data_categories varchar(500);
