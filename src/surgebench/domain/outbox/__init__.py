"""The transactional outbox: messages written with what they announce, sent by SMTP in the background."""
