package android.database;

import java.io.Closeable;

/** Stand-in for android.database.Cursor (the methods apps use to read rows). */
public interface Cursor extends Closeable {
    int getCount();

    boolean moveToFirst();

    boolean moveToNext();

    int getColumnIndex(String columnName);

    String[] getColumnNames();

    String getString(int columnIndex);

    @Override
    void close();
}
