-- plain_table: test scenario for tests/test_lua.c (see the case of the same name).
return {
  name = "x", area_data = "areas3.csv",
}
