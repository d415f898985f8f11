//! Reading and writing participatory-budgeting elections in the Pabulib `.pb` format.
