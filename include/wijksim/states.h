/* states.h: the enumerated states of persons and dwellings that scenarios name — labour
 * status, education stage, school track, tenure and sex — each declared once with its Lua name.
 *
 * Each list is an X-macro X(ID, lua_name, doc): the enum value is WS_<prefix>_<ID> in list
 * order (the model stores them as uint8_t), lua_name is how an eligibility selector writes it
 * (`who = { labour = { "bijstand" } }`; NULL: not selectable) and doc says what it means.
 * The model core (sim/model) and the Lua loader (sim/lua) both read these lists, so the loader
 * copies no numbers; ws_state_list_names and ws_state_find give a list's names at run time
 * (sim/base/policy.c).
 * Append only where results are stored as numbers (a state's number is its position).
 */
#ifndef WIJKSIM_STATES_H
#define WIJKSIM_STATES_H

/* Labour status (ws_labour; person field `labour`). */
#define WS_LABOUR_STATES(X)                                                                        \
    X(CHILD, "child", "under 18 (or under 16 and in school)")                                     \
    X(STUDENT, "student", "16 or older and in education")                                         \
    X(EMPLOYED, "employed", "in paid work")                                                       \
    X(UNEMPLOYED, "unemployed", "job seeker on WW or without benefit")                            \
    X(BIJSTAND, "bijstand", "on social assistance (bijstand)")                                    \
    X(INACTIVE, "inactive", "other inactive (partner income, care)")                              \
    X(DISABLED, "disabled", "on a disability benefit")                                            \
    X(RETIRED, "retired", "at or over the AOW age")

/* Where a person is in education (ws_stage; person field `stage`). */
#define WS_STAGE_STATES(X)                                                                         \
    X(NONE, "none", "not yet in school (0-3)")                                                    \
    X(PRIMARY, "primary", "basisschool, 4-11")                                                    \
    X(SECONDARY, "secondary", "voortgezet onderwijs or mbo, from 12 until qualified")             \
    X(POST, "post", "hbo or wo after secondary")                                                  \
    X(DONE, "done", "left education")

/* Secondary track from the school advice at 12 (ws_track; person field `track`). */
#define WS_TRACK_STATES(X)                                                                         \
    X(NONE, NULL, "no track yet (under 12)")                                                      \
    X(LOW, "vmbo_bk", "vmbo basis/kader")                                                         \
    X(MID, "mid", "vmbo gemengd/theoretisch or havo")                                             \
    X(HIGH, "vwo", "vwo")

/* Tenure of a dwelling (ws_tenure; dwelling field `tenure`). */
#define WS_TENURE_STATES(X)                                                                        \
    X(SOCIAL, "social", "social rent (housing association)")                                      \
    X(PRIVATE, "private", "private rent")                                                         \
    X(OWNER, "owner", "owner-occupied")

/* Sex (person field `sex`). */
#define WS_SEX_STATES(X)                                                                           \
    X(MALE, "male", "male")                                                                       \
    X(FEMALE, "female", "female")

/* The enums: WS_<prefix>_<ID> in list order, then WS_<prefix>_N. */
#define WS__STATE_LB(id, lua, doc) WS_LB_##id,
#define WS__STATE_ST(id, lua, doc) WS_ST_##id,
#define WS__STATE_TR(id, lua, doc) WS_TR_##id,
#define WS__STATE_TEN(id, lua, doc) WS_TEN_##id,
#define WS__STATE_SEX(id, lua, doc) WS_SEX_##id,
enum ws_labour { WS_LABOUR_STATES(WS__STATE_LB) WS_LB_N };
enum ws_stage { WS_STAGE_STATES(WS__STATE_ST) WS_ST_N };
enum ws_track { WS_TRACK_STATES(WS__STATE_TR) WS_TR_N };
enum ws_tenure { WS_TENURE_STATES(WS__STATE_TEN) WS_TEN_N };
enum ws_sex { WS_SEX_STATES(WS__STATE_SEX) WS_SEX_N };
#undef WS__STATE_LB
#undef WS__STATE_ST
#undef WS__STATE_TR
#undef WS__STATE_TEN
#undef WS__STATE_SEX

/* The lists, for name lookups (ws_state_names). */
enum ws_state_list { WS_SL_LABOUR, WS_SL_STAGE, WS_SL_TRACK, WS_SL_TENURE, WS_SL_SEX, WS_SL_N };

/* One list's names: n states, lua[v] the Lua name of state v (NULL when not selectable), doc[v]
 * its meaning, and `what` the selector key that takes them ("labour", ...). */
typedef struct ws_state_names {
    const char *what;
    int n;
    const char *const *lua;
    const char *const *doc;
} ws_state_names;

/* The names of list l (enum ws_state_list), or NULL when l is out of range. Static data. */
const ws_state_names *ws_state_list_names(int l);

/* The state of list l called name (its Lua name), or -1 (also for l out of range, a NULL
 * name or a state that is not selectable). */
int ws_state_find(int l, const char *name);

#endif
