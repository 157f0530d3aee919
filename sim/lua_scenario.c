/* lua_scenario.c: placeholder until written. */
