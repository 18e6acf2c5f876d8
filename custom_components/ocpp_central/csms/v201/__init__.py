"""OCPP 2.0.1: stations with EVSEs, TransactionEvent and a device model."""
