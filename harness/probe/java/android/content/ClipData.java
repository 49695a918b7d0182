package android.content;

/** Stand-in for android.content.ClipData; toString shows the text like Android's. */
public class ClipData {
    private final CharSequence mLabel;
    private final Item mItem;

    public ClipData(CharSequence label, Item item) {
        mLabel = label;
        mItem = item;
    }

    public static ClipData newPlainText(CharSequence label, CharSequence text) {
        return new ClipData(label, new Item(text));
    }

    public int getItemCount() {
        return 1;
    }

    public Item getItemAt(int index) {
        if (index != 0) {
            throw new IndexOutOfBoundsException("index " + index);
        }
        return mItem;
    }

    @Override
    public String toString() {
        return "ClipData { text/plain \"" + mLabel + "\" {T:" + mItem.getText() + "} }";
    }

    /** Stand-in for android.content.ClipData$Item. */
    public static class Item {
        private final CharSequence mText;

        public Item(CharSequence text) {
            mText = text;
        }

        public CharSequence getText() {
            return mText;
        }

        @Override
        public String toString() {
            return "ClipData.Item { T:" + mText + " }";
        }
    }
}
