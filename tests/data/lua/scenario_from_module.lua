-- scenario_from_module: test scenario for tests/test_lua.c (see the case of the same name).
local make = require "lib.make"
return make.make(99)
