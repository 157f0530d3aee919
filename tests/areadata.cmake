# The area-data reader and the shipped NPLV 2022 area file (sim/base/areadata.c).
ws_c_tests(areadata LABELS unit data)
