package android.app;

import android.content.SharedPreferences;
import java.io.File;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Stand-in for android.app.SharedPreferencesImpl (API 34): the one implementation behind
 * Context.getSharedPreferences. Same call structure as AOSP: getters read the loaded map, edit()
 * returns an EditorImpl whose put* calls collect changes in mModified, and commit()/apply() both go
 * through commitToMemory(). The stand-in keeps the map in memory only (a probe process is one run).
 */
final class SharedPreferencesImpl implements SharedPreferences {
    private final File mFile;
    private final int mMode;
    private final Object mLock = new Object();
    private Map<String, Object> mMap = new HashMap<>();

    SharedPreferencesImpl(File file, int mode) {
        mFile = file;
        mMode = mode;
    }

    private Map<String, Object> getLoaded() {
        return mMap;
    }

    @Override
    public Map<String, ?> getAll() {
        synchronized (mLock) {
            return new HashMap<String, Object>(getLoaded());
        }
    }

    @Override
    public String getString(String key, String defValue) {
        synchronized (mLock) {
            String v = (String) getLoaded().get(key);
            return v != null ? v : defValue;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Set<String> getStringSet(String key, Set<String> defValues) {
        synchronized (mLock) {
            Set<String> v = (Set<String>) getLoaded().get(key);
            return v != null ? v : defValues;
        }
    }

    @Override
    public int getInt(String key, int defValue) {
        synchronized (mLock) {
            Integer v = (Integer) getLoaded().get(key);
            return v != null ? v : defValue;
        }
    }

    @Override
    public long getLong(String key, long defValue) {
        synchronized (mLock) {
            Long v = (Long) getLoaded().get(key);
            return v != null ? v : defValue;
        }
    }

    @Override
    public float getFloat(String key, float defValue) {
        synchronized (mLock) {
            Float v = (Float) getLoaded().get(key);
            return v != null ? v : defValue;
        }
    }

    @Override
    public boolean getBoolean(String key, boolean defValue) {
        synchronized (mLock) {
            Boolean v = (Boolean) getLoaded().get(key);
            return v != null ? v : defValue;
        }
    }

    @Override
    public boolean contains(String key) {
        synchronized (mLock) {
            return getLoaded().containsKey(key);
        }
    }

    @Override
    public Editor edit() {
        return new EditorImpl();
    }

    /** Stand-in for android.app.SharedPreferencesImpl$EditorImpl. */
    public final class EditorImpl implements Editor {
        private final Object mEditorLock = new Object();
        private final Map<String, Object> mModified = new HashMap<>();
        private boolean mClear = false;

        @Override
        public Editor putString(String key, String value) {
            synchronized (mEditorLock) {
                mModified.put(key, value);
                return this;
            }
        }

        @Override
        public Editor putStringSet(String key, Set<String> values) {
            synchronized (mEditorLock) {
                mModified.put(key, values == null ? null : new HashSet<String>(values));
                return this;
            }
        }

        @Override
        public Editor putInt(String key, int value) {
            synchronized (mEditorLock) {
                mModified.put(key, value);
                return this;
            }
        }

        @Override
        public Editor putLong(String key, long value) {
            synchronized (mEditorLock) {
                mModified.put(key, value);
                return this;
            }
        }

        @Override
        public Editor putFloat(String key, float value) {
            synchronized (mEditorLock) {
                mModified.put(key, value);
                return this;
            }
        }

        @Override
        public Editor putBoolean(String key, boolean value) {
            synchronized (mEditorLock) {
                mModified.put(key, value);
                return this;
            }
        }

        @Override
        public Editor remove(String key) {
            synchronized (mEditorLock) {
                mModified.put(key, this);
                return this;
            }
        }

        @Override
        public Editor clear() {
            synchronized (mEditorLock) {
                mClear = true;
                return this;
            }
        }

        @Override
        public void apply() {
            commitToMemory();
        }

        @Override
        public boolean commit() {
            commitToMemory();
            return true;
        }

        /** "this" as a value marks a removal, and null is a removal too (as in AOSP). */
        private void commitToMemory() {
            synchronized (SharedPreferencesImpl.this.mLock) {
                Map<String, Object> map = new HashMap<>(getLoaded());
                synchronized (mEditorLock) {
                    if (mClear) {
                        map.clear();
                        mClear = false;
                    }
                    for (Map.Entry<String, Object> e : mModified.entrySet()) {
                        Object v = e.getValue();
                        if (v == this || v == null) {
                            map.remove(e.getKey());
                        } else {
                            map.put(e.getKey(), v);
                        }
                    }
                    mModified.clear();
                }
                mMap = map;
            }
        }
    }
}
