/* Byte scans of a request body for the matcher's fast path (harness/detect/fastpath.py).
 *
 * Each function has a Python twin that gives the same answer (harness/detect/scan_twins.py, used
 * when this module is not built); tests/detect/test_scan_native.py holds them to it. Both only read
 * their input: every index is checked against its length, whatever the bytes are.
 *
 *   survey(data, min_run, max_runs) -> (runs, unplain, escapes, amp, brackets)
 *   segments(data, min_run) -> (b64_spans, hex_spans)
 *   leaf_at(data, pos) -> (path, text, quoted, unique) | None
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#define MAX_PATH 256 /* deeper paths are refused (the matcher decodes JSON up to 64 levels) */

/* One table, a bit per question the survey asks of a byte. */
enum { IS_B64 = 1, IS_UNPLAIN = 2, IS_PCT_PLUS = 4, IS_EQUALS = 8, IS_AMP = 16, IS_BRACKET = 128 };
static unsigned char KIND[256];
static unsigned char NUMBER[256]; /* bytes of a JSON number: 0-9 + - . e E */
static unsigned char HEX[256];    /* hex digits */

static void init_tables(void) {
    const char *b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-";
    const char *num = "0123456789+-.eE";
    for (const char *p = b64; *p; p++) KIND[(unsigned char)*p] |= IS_B64;
    for (const char *p = num; *p; p++) NUMBER[(unsigned char)*p] = 1;
    for (const char *p = "0123456789abcdefABCDEF"; *p; p++) HEX[(unsigned char)*p] = 1;
    for (int i = 0; i < 32; i++)
        if (i != '\t' && i != '\n' && i != '\r') KIND[i] |= IS_UNPLAIN;
    KIND[0x7f] |= IS_UNPLAIN;
    KIND['\\'] |= IS_UNPLAIN;
    KIND['%'] |= IS_PCT_PLUS;
    KIND['+'] |= IS_PCT_PLUS;
    KIND['='] |= IS_EQUALS;
    KIND['&'] |= IS_AMP;
    KIND['{'] |= IS_BRACKET;
    KIND['['] |= IS_BRACKET;
}

/* ---- survey ------------------------------------------------------------------------------- */

static int add_run(PyObject *runs, Py_ssize_t start, Py_ssize_t max_runs, int *capped) {
    if (*capped) return 0;
    if (PyList_GET_SIZE(runs) >= max_runs) {
        *capped = 1;
        return 0;
    }
    PyObject *at = PyLong_FromSsize_t(start);
    if (at == NULL) return -1;
    int err = PyList_Append(runs, at);
    Py_DECREF(at);
    return err;
}

typedef struct {
    Py_ssize_t last;     /* the latest byte outside the base64 alphabet (-1: none yet) */
    Py_ssize_t brackets; /* '{' and '[' bytes */
    unsigned int seen;   /* the KIND bits of every byte, or-ed */
    int capped;
    PyObject *runs;
} Tally;

/* A byte outside the alphabet at i ends the run before it: one of min_run or more is recorded. */
static int run_ends(Tally *t, Py_ssize_t i, Py_ssize_t min_run, Py_ssize_t max_runs) {
    int err = 0;
    if (i - t->last - 1 >= min_run) err = add_run(t->runs, t->last + 1, max_runs, &t->capped);
    t->last = i;
    return err;
}

/* Bytes [from, to), one at a time. No branch on the kind of each byte (JSON switches between the
   alphabet and punctuation every few bytes: such a branch is mispredicted half the time). */
static int tally_bytes(Tally *t, const unsigned char *s, Py_ssize_t from, Py_ssize_t to, Py_ssize_t min_run,
                       Py_ssize_t max_runs) {
    for (Py_ssize_t i = from; i < to; i++) {
        unsigned char kind = KIND[s[i]];
        int brk = !(kind & IS_B64);
        t->seen |= kind;
        t->brackets += kind >> 7;
        if (brk & (i - t->last - 1 >= min_run))
            if (add_run(t->runs, t->last + 1, max_runs, &t->capped) < 0) return -1;
        t->last = brk ? i : t->last;
    }
    return 0;
}

#if defined(__SSE2__)
#include <emmintrin.h>

static inline __m128i in_range(__m128i x, char lo, char hi) { /* lo <= x <= hi, for ASCII bounds */
    return _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8((char)(lo - 1))), _mm_cmplt_epi8(x, _mm_set1_epi8((char)(hi + 1))));
}

static inline __m128i eq(__m128i x, char c) { return _mm_cmpeq_epi8(x, _mm_set1_epi8(c)); }

/* Sixteen bytes at a time. A run of min_run >= 16 cannot lie between two breaks of one block, so a
   block only ends the run coming into it (at its first break) and starts the next (after its last). */
static int tally_blocks(Tally *t, const unsigned char *s, Py_ssize_t n, Py_ssize_t *done, Py_ssize_t min_run,
                        Py_ssize_t max_runs) {
    Py_ssize_t i = 0;
    unsigned int unplain = 0, pct_plus = 0, equals = 0, amp = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(s + i));
        __m128i b64 = _mm_or_si128(_mm_or_si128(in_range(x, 'A', 'Z'), in_range(x, 'a', 'z')),
                                   _mm_or_si128(in_range(x, '0', '9'),
                                                _mm_or_si128(_mm_or_si128(eq(x, '+'), eq(x, '/')),
                                                             _mm_or_si128(eq(x, '_'), eq(x, '-')))));
        __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1f)), x);
        __m128i spaces = _mm_or_si128(_mm_or_si128(eq(x, '\t'), eq(x, '\n')), eq(x, '\r'));
        unplain |= (unsigned int)_mm_movemask_epi8(_mm_or_si128(_mm_andnot_si128(spaces, control),
                                                                _mm_or_si128(eq(x, 0x7f), eq(x, '\\'))));
        pct_plus |= (unsigned int)_mm_movemask_epi8(_mm_or_si128(eq(x, '%'), eq(x, '+')));
        equals |= (unsigned int)_mm_movemask_epi8(eq(x, '='));
        amp |= (unsigned int)_mm_movemask_epi8(eq(x, '&'));
        t->brackets += __builtin_popcount((unsigned int)_mm_movemask_epi8(_mm_or_si128(eq(x, '{'), eq(x, '['))));
        unsigned int breaks = ~(unsigned int)_mm_movemask_epi8(b64) & 0xffffu;
        if (breaks) {
            if (run_ends(t, i + __builtin_ctz(breaks), min_run, max_runs) < 0) return -1;
            t->last = i + 31 - __builtin_clz(breaks);
        }
    }
    t->seen |= (unplain ? IS_UNPLAIN : 0) | (pct_plus ? IS_PCT_PLUS : 0) | (equals ? IS_EQUALS : 0) | (amp ? IS_AMP : 0);
    *done = i;
    return 0;
}
#endif

static PyObject *survey(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer buf;
    Py_ssize_t min_run, max_runs, done = 0;
    if (!PyArg_ParseTuple(args, "y*nn", &buf, &min_run, &max_runs)) return NULL;
    if (min_run < 1) min_run = 1;
    const unsigned char *s = buf.buf;
    Py_ssize_t n = buf.len;
    Tally t = {-1, 0, 0, 0, PyList_New(0)};
    if (t.runs == NULL) goto fail;
#if defined(__SSE2__)
    if (min_run >= 16 && tally_blocks(&t, s, n, &done, min_run, max_runs) < 0) goto fail;
#endif
    if (tally_bytes(&t, s, done, n, min_run, max_runs) < 0) goto fail;
    if (n - t.last - 1 >= min_run && add_run(t.runs, t.last + 1, max_runs, &t.capped) < 0) goto fail;
    PyBuffer_Release(&buf);
    PyObject *runs_out = t.runs;
    if (t.capped) {
        Py_DECREF(t.runs);
        runs_out = Py_NewRef(Py_None);
    }
    return Py_BuildValue("(NNNNn)", runs_out, PyBool_FromLong(t.seen & IS_UNPLAIN),
                         PyBool_FromLong((t.seen & IS_PCT_PLUS) && (t.seen & IS_EQUALS)),
                         PyBool_FromLong(t.seen & IS_AMP), t.brackets);
fail:
    Py_XDECREF(t.runs);
    PyBuffer_Release(&buf);
    return NULL;
}

/* ---- segments ----------------------------------------------------------------------------- */

static int add_span(PyObject *spans, Py_ssize_t start, Py_ssize_t end) {
    PyObject *span = Py_BuildValue("(nn)", start, end);
    if (span == NULL) return -1;
    int err = PyList_Append(spans, span);
    Py_DECREF(span);
    return err;
}

/* Every maximal run of at least min_run base64-alphabet bytes, and every maximal run of at least
   min_run hex digits of even length, as (start, end) spans (decode.segment_spans' "b64" and "hex"). */
static PyObject *segments(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer buf;
    Py_ssize_t min_run;
    if (!PyArg_ParseTuple(args, "y*n", &buf, &min_run)) return NULL;
    if (min_run < 1) min_run = 1;
    const unsigned char *s = buf.buf;
    Py_ssize_t n = buf.len, b64_from = 0, hex_from = 0;
    PyObject *b64 = PyList_New(0), *hex = PyList_New(0);
    if (b64 == NULL || hex == NULL) goto fail;
    for (Py_ssize_t i = 0; i <= n; i++) {
        int in_b64 = i < n && (KIND[s[i]] & IS_B64), in_hex = i < n && HEX[s[i]];
        if (!in_b64) {
            if (i - b64_from >= min_run && add_span(b64, b64_from, i) < 0) goto fail;
            b64_from = i + 1;
        }
        if (!in_hex) {
            if (i - hex_from >= min_run && (i - hex_from) % 2 == 0 && add_span(hex, hex_from, i) < 0) goto fail;
            hex_from = i + 1;
        }
    }
    PyBuffer_Release(&buf);
    return Py_BuildValue("(NN)", b64, hex);
fail:
    Py_XDECREF(b64);
    Py_XDECREF(hex);
    PyBuffer_Release(&buf);
    return NULL;
}

/* ---- leaf_at ------------------------------------------------------------------------------ */

typedef struct {
    char is_dict;
    Py_ssize_t index;             /* list: the member's index */
    Py_ssize_t key_at, key_len;   /* dict: the member's key (-1: none yet) */
} Frame;

/* Index of the quote closing the string opened at `open` (strings hold no backslash), or `end`. */
static Py_ssize_t string_end(const unsigned char *s, Py_ssize_t open, Py_ssize_t end) {
    if (open + 1 >= end) return end;
    const unsigned char *q = memchr(s + open + 1, '"', (size_t)(end - open - 1));
    return q == NULL ? end : q - s;
}

/* The containers open at `end` (a quote-balanced prefix), as the Python twin's _path_before reads
   them. Returns the depth, or -1 when the prefix is no value position (a key, a bad structure, too deep). */
static Py_ssize_t path_before(const unsigned char *s, Py_ssize_t end, Frame *stack) {
    Py_ssize_t depth = 0;
    int want_key = 0;
    for (Py_ssize_t i = 0; i < end; i++) {
        unsigned char c = s[i];
        if (c == '"') {
            Py_ssize_t close = string_end(s, i, end);
            if (close >= end) return -1; /* the prefix ends inside a string */
            if (want_key) {
                stack[depth - 1].key_at = i + 1;
                stack[depth - 1].key_len = close - i - 1;
                want_key = 0;
            }
            i = close;
        } else if (c == ',') {
            if (depth == 0) return -1;
            if (stack[depth - 1].is_dict) want_key = 1;
            else stack[depth - 1].index++;
        } else if (c == '{' || c == '[') {
            if (depth == MAX_PATH) return -1;
            stack[depth].is_dict = (c == '{');
            stack[depth].index = 0;
            stack[depth].key_at = -1;
            stack[depth].key_len = 0;
            depth++;
            want_key = (c == '{');
        } else if (c == '}' || c == ']') {
            if (depth == 0) return -1;
            depth--;
            want_key = 0;
        }
    }
    if (depth == 0 || want_key) return -1;
    for (Py_ssize_t d = 0; d < depth; d++)
        if (stack[d].is_dict && stack[d].key_at < 0) return -1;
    return depth;
}

static int same_key(const unsigned char *s, Py_ssize_t at, Py_ssize_t len, const Frame *f) {
    return len == f->key_len && memcmp(s + at, s + f->key_at, (size_t)len) == 0;
}

/* Whether every key on the path appears once among its own object's keys (a duplicate makes a
   parser keep the last value at the first one's place). One pass: an object is on the path when
   its parent is and it sits under the path's key or index. */
static int path_unique(const unsigned char *s, Py_ssize_t n, const Frame *path, Py_ssize_t depth) {
    char on_path[MAX_PATH + 1], member_on[MAX_PATH + 1], is_dict[MAX_PATH + 1];
    Py_ssize_t index[MAX_PATH + 1], seen[MAX_PATH + 1];
    Py_ssize_t d = 0;
    int want_key = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c == '"') {
            Py_ssize_t close = string_end(s, i, n);
            if (want_key && d > 0 && d <= depth && on_path[d - 1] && path[d - 1].is_dict) {
                member_on[d - 1] = same_key(s, i + 1, close - i - 1, &path[d - 1]);
                if (member_on[d - 1] && ++seen[d - 1] > 1) return 0;
            } else if (want_key && d > 0) {
                member_on[d - 1] = 0;
            }
            want_key = 0;
            i = close;
        } else if (c == '{' || c == '[') {
            if (d > MAX_PATH) return 0;
            int parent_on = d == 0 ? 1 : (d <= depth && on_path[d - 1] && member_on[d - 1]);
            on_path[d] = (char)parent_on;
            is_dict[d] = (c == '{');
            index[d] = 0;
            seen[d] = 0;
            member_on[d] = (c == '[' && d < depth && parent_on && !path[d].is_dict && path[d].index == 0);
            d++;
            want_key = (c == '{');
        } else if (c == ',' && d > 0) {
            if (is_dict[d - 1]) {
                want_key = 1;
            } else {
                index[d - 1]++;
                member_on[d - 1] = (d - 1 < depth && on_path[d - 1] && !path[d - 1].is_dict
                                    && path[d - 1].index == index[d - 1]);
            }
        } else if ((c == '}' || c == ']') && d > 0) {
            d--;
            want_key = 0;
        }
    }
    return 1;
}

static PyObject *leaf_at(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer buf;
    Py_ssize_t pos;
    if (!PyArg_ParseTuple(args, "y*n", &buf, &pos)) return NULL;
    const unsigned char *s = buf.buf;
    Py_ssize_t n = buf.len, start = 0, text_at = 0, text_end = 0, quotes = 0, depth = 0;
    int quoted = 0;
    PyObject *out = NULL, *path = NULL;
    Frame *stack = NULL;
    if (pos < 0 || pos >= n || s[pos] == '"') goto none;
    for (Py_ssize_t i = 0; i < pos; i++) quotes += (s[i] == '"');
    if (quotes % 2) {
        quoted = 1;
        start = pos;
        while (s[start] != '"') start--; /* an odd count: a quote lies before pos */
        text_at = start + 1;
        text_end = string_end(s, pos - 1, n);
        if (text_end == n) goto none;
    } else if (NUMBER[s[pos]]) {
        start = pos;
        while (start > 0 && NUMBER[s[start - 1]]) start--;
        text_at = start;
        text_end = pos;
        while (text_end < n && NUMBER[s[text_end]]) text_end++;
    } else {
        goto none;
    }
    stack = PyMem_Malloc(sizeof(Frame) * MAX_PATH);
    if (stack == NULL) { PyErr_NoMemory(); goto done; }
    depth = path_before(s, start, stack);
    if (depth < 0) goto none;
    path = PyTuple_New(depth);
    if (path == NULL) goto done;
    for (Py_ssize_t d = 0; d < depth; d++) {
        PyObject *part = stack[d].is_dict
            ? PyUnicode_DecodeUTF8((const char *)s + stack[d].key_at, stack[d].key_len, "strict")
            : PyLong_FromSsize_t(stack[d].index);
        if (part == NULL) {
            Py_DECREF(path);
            if (!PyErr_ExceptionMatches(PyExc_UnicodeDecodeError)) goto done;
            PyErr_Clear();
            goto none;
        }
        PyTuple_SET_ITEM(path, d, part);
    }
    int unique = path_unique(s, n, stack, depth);
    out = Py_BuildValue("(Ny#NN)", path, (const char *)s + text_at, text_end - text_at,
                        PyBool_FromLong(quoted), PyBool_FromLong(unique));
    goto done;
none:
    out = Py_NewRef(Py_None);
done:
    PyMem_Free(stack);
    PyBuffer_Release(&buf);
    return out;
}

static PyMethodDef methods[] = {
    {"survey", survey, METH_VARARGS,
     "survey(data, min_run, max_runs) -> (runs, unplain, escapes, amp, brackets): where each run of at "
     "least min_run base64-alphabet bytes starts (None past max_runs runs), whether a control byte, DEL "
     "or backslash occurs, whether a '%' or '+' and an '=' occur, whether an '&' does, and how many '{' "
     "and '[' bytes there are."},
    {"segments", segments, METH_VARARGS,
     "segments(data, min_run) -> (b64_spans, hex_spans): the (start, end) of every maximal run of at least "
     "min_run base64-alphabet bytes, and of every maximal even-length run of at least min_run hex digits."},
    {"leaf_at", leaf_at, METH_VARARGS,
     "leaf_at(data, pos) -> (path, text, quoted, unique) | None: the JSON string or number value holding "
     "byte pos of backslash-free JSON, its path, and whether every key on the path is once in its object."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_scan", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__scan(void) {
    init_tables();
    return PyModule_Create(&module);
}
