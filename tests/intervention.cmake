# Interventions: budgets, capacity, allocation, effects, place programmes, validation.
ws_c_tests(intervention LABELS stat model LIBS ws_model TIMEOUT 600)
