package com.example.mini;

import android.app.Activity;

public class MainActivity extends Activity {
    @Override public void onResume() { super.onResume(); }
    @Override public void onPause() { super.onPause(); }
}
