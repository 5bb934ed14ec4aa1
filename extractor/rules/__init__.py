"""Rules of the parser as data and small pure functions: lexicon, NIP, dates, officials, metadata."""
