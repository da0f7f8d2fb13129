module lexer.test/otherlangs

go 1.23

require example.com/lexer/activity-client-go v0.0.0

// The client `make clients` generated, as a user vendoring it would point at it.
replace example.com/lexer/activity-client-go => ../../../build/clients/go
