# The world's consistency check and the checking build of the core (WS_CHECK): a comparison
# with every kind of intervention checked after every phase, and corruption caught by name.
ws_c_tests(check LABELS model unit LIBS ws_model_check TIMEOUT 600)
