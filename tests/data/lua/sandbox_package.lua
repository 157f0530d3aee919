-- sandbox_package: test scenario for tests/test_lua.c (see the case of the same name).
package.path = "x"
return wijksim.scenario { name = "x", area_data = "areas3.csv" }
