# Yearly policy hooks: Lua hook functions moving package envelopes between years (test_hooks.c).
ws_c_tests(hooks LABELS lua model LIBS ws_lua ws_model TIMEOUT 600)
