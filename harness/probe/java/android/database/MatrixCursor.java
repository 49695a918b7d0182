package android.database;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Stand-in for android.database.MatrixCursor; toString lists the rows (Android's would not) so a hook can log them without moving the cursor. */
public class MatrixCursor implements Cursor {
    private final String[] mColumns;
    private final List<Object[]> mRows = new ArrayList<>();
    private int mPos = -1;

    public MatrixCursor(String[] columnNames) {
        mColumns = columnNames.clone();
    }

    public void addRow(Object[] columnValues) {
        mRows.add(columnValues.clone());
    }

    @Override
    public int getCount() {
        return mRows.size();
    }

    @Override
    public boolean moveToFirst() {
        mPos = 0;
        return !mRows.isEmpty();
    }

    @Override
    public boolean moveToNext() {
        if (mPos < mRows.size()) {
            mPos++;
        }
        return mPos < mRows.size();
    }

    @Override
    public int getColumnIndex(String columnName) {
        return Arrays.asList(mColumns).indexOf(columnName);
    }

    @Override
    public String[] getColumnNames() {
        return mColumns.clone();
    }

    @Override
    public String getString(int columnIndex) {
        Object v = mRows.get(mPos)[columnIndex];
        return v == null ? null : v.toString();
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("MatrixCursor{count=").append(mRows.size()).append(", columns=")
                .append(Arrays.toString(mColumns)).append(", rows=[");
        for (int i = 0; i < mRows.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(Arrays.toString(mRows.get(i)));
        }
        return sb.append("]}").toString();
    }
}
