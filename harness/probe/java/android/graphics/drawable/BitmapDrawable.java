package android.graphics.drawable;

/** Stand-in for android.graphics.drawable.BitmapDrawable (deterministic toString). */
public class BitmapDrawable extends Drawable {
    private final String mName;

    public BitmapDrawable(String name) {
        mName = name;
    }

    @Override
    public int getIntrinsicWidth() {
        return 1080;
    }

    @Override
    public int getIntrinsicHeight() {
        return 2400;
    }

    @Override
    public String toString() {
        return "BitmapDrawable{" + mName + " 1080x2400}";
    }
}
