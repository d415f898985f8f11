//! Walking reach over a street graph: who gets where within 5, 10 and 15 minutes.
