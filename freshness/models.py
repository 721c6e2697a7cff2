"""No models: the data version is a column of the user (accounts.User.data_version),
and its triggers live in the database (freshness.triggers). This module exists so
that `migrate` sends this app its post_migrate signal, which makes them."""
